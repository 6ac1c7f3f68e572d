// Shrinks a file that shows a difference class while the class stays: whole generations dropped,
// then whole batches, then runs of events inside batches (batch sizes fixed up), then the tail cut.
// Greedy and bounded by a number of evaluations (each runs both tools).

import { writeFileSync } from 'node:fs';
import { layoutOf } from './layout.js';

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function encodeUvarint(v: number): Uint8Array {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** Candidates smaller than b, biggest cuts first. */
function* candidates(b: Uint8Array): Generator<Uint8Array> {
  const lay = layoutOf(b);
  for (let i = lay.generations.length - 1; i >= 0 && lay.generations.length > 1; i--) {
    const g = lay.generations[i]!;
    yield concat(b.subarray(0, g.start), b.subarray(g.end));
  }
  for (let i = lay.batches.length - 1; i >= 0; i--) {
    const bt = lay.batches[i]!;
    yield concat(b.subarray(0, bt.start), b.subarray(bt.end));
  }
  // Runs of events inside a batch: halves, quarters, … (Go 1.22+ batches get their size fixed).
  for (let i = lay.batches.length - 1; i >= 0; i--) {
    const bt = lay.batches[i]!;
    const evs = bt.events;
    for (let len = Math.floor(evs.length / 2); len >= 1; len = Math.floor(len / 2)) {
      for (let s = evs.length - len; s >= 0; s -= len) {
        const start = evs[s]!.start;
        const end = evs[s + len - 1]!.end;
        if (bt.sizeField) {
          const [fs, fe] = bt.sizeField;
          const size = bt.end - bt.headerEnd - (end - start);
          yield concat(b.subarray(0, fs), encodeUvarint(size), b.subarray(fe, start), b.subarray(end));
        } else {
          yield concat(b.subarray(0, start), b.subarray(end));
        }
      }
    }
  }
  // The tail after the last readable structure.
  if (lay.parsedTo < b.length && lay.parsedTo > 16) yield b.subarray(0, lay.parsedTo + 1);
}

/**
 * Shrinks bytes while keeps(candidateFile) holds; writes candidates to scratch. Returns the
 * smallest bytes found and the number of evaluations spent.
 */
export async function minimize(
  bytes: Uint8Array,
  scratch: string,
  keeps: (file: string) => Promise<boolean>,
  budget: number,
): Promise<{ bytes: Uint8Array; evaluations: number }> {
  let best = bytes;
  let evaluations = 0;
  // After a success, the next round resumes where this one stood (the cuts before it failed
  // already); a round from the start ends the search once a whole pass finds nothing.
  let from = 0;
  for (;;) {
    let k = 0;
    let found = -1;
    for (const c of candidates(best)) {
      if (evaluations >= budget) break;
      if (k++ < from || c.length >= best.length) continue;
      writeFileSync(scratch, c);
      evaluations++;
      if (await keeps(scratch)) {
        best = c;
        found = k - 1;
        break;
      }
    }
    if (evaluations >= budget) break;
    if (found >= 0) from = found;
    else if (from > 0) from = 0;
    else break;
  }
  return { bytes: best, evaluations };
}
