// txtar archives (Go's internal/txtar): a comment, then files introduced by
// "-- name --" marker lines. Go's trace conformance tests are stored this way.

import { bytesToString, trimSpaceRange } from '../../../parser/go/go-utf8.js';

export interface TxtarFile {
  name: string;
  data: Uint8Array;
}

export interface TxtarArchive {
  comment: Uint8Array;
  files: TxtarFile[];
}

const DASH = 0x2d;
const SPACE = 0x20;
const NL = 0x0a;

/** Parses an archive; like Go's txtar.Parse it never fails. */
export function parseTxtar(data: Uint8Array): TxtarArchive {
  let m = findMarker(data, 0);
  const archive: TxtarArchive = { comment: m.before, files: [] };
  while (m.name !== '') {
    const name = m.name;
    m = findMarker(data, m.after);
    archive.files.push({ name, data: m.before });
  }
  return archive;
}

/** Serializes an archive (txtar.Format): missing final newlines are added. */
export function formatTxtar(a: TxtarArchive): Uint8Array {
  const parts: Uint8Array[] = [fixNL(a.comment)];
  const enc = new TextEncoder();
  for (const f of a.files) parts.push(enc.encode(`-- ${f.name} --\n`), fixNL(f.data));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

interface Marker {
  /** Data from the search start up to the marker (or to the end, newline-terminated). */
  before: Uint8Array;
  /** File name of the marker found, or '' if there is none. */
  name: string;
  /** Offset just past the marker line. */
  after: number;
}

/** Finds the next marker line at or after `start` (only at line starts). */
function findMarker(data: Uint8Array, start: number): Marker {
  let i = start;
  for (;;) {
    const m = markerAt(data, i);
    if (m !== null) return { before: data.subarray(start, i), name: m.name, after: m.after };
    // Next "\n-- " after i.
    let j = -1;
    for (let k = i; k + 3 < data.length; k++) {
      if (data[k] === NL && data[k + 1] === DASH && data[k + 2] === DASH && data[k + 3] === SPACE) {
        j = k;
        break;
      }
    }
    if (j < 0) return { before: fixNL(data.subarray(start)), name: '', after: data.length };
    i = j + 1;
  }
}

/** If a marker line "-- name --" starts at i, its (trimmed, non-empty) name and the offset after the line. */
function markerAt(data: Uint8Array, i: number): { name: string; after: number } | null {
  if (!(data[i] === DASH && data[i + 1] === DASH && data[i + 2] === SPACE)) return null;
  let end = data.indexOf(NL, i);
  let after: number;
  if (end < 0) {
    end = data.length;
    after = data.length;
  } else {
    after = end + 1;
  }
  // The line must end with " --" and be at least "-- " + " --" long.
  if (end - i < 6 || data[end - 3] !== SPACE || data[end - 2] !== DASH || data[end - 1] !== DASH) return null;
  const name = trimSpace(data, i + 3, end - 3);
  return name === '' ? null : { name, after };
}

/** strings.TrimSpace of data[start:end], as a string. */
export function trimSpace(data: Uint8Array, start: number, end: number): string {
  const [s, e] = trimSpaceRange(data, start, end);
  return bytesToString(data, s, e);
}

function fixNL(data: Uint8Array): Uint8Array {
  if (data.length === 0 || data[data.length - 1] === NL) return data;
  const d = new Uint8Array(data.length + 1);
  d.set(data);
  d[data.length] = NL;
  return d;
}
