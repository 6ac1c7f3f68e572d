// -d=wire and -d=footprint for the old (Go 1.11–1.21) format, where go tool trace 1.26 only
// fails ("invalid event type: 65"): the raw events as they are on the wire, and the bytes and
// counts per event type, laid out like the Go 1.22+ dumps.

import { readHeader } from '../header.js';
import { goQuote } from '../go/go-quote.js';
import { goSortFunc } from '../go/go-sort.js';
import { TabWriter } from '../wire/tabwriter.js';
import { goFormatFixed } from '../wire/raw-dump.js';
import { V1, V1_DESCS } from './specs.js';
import { WireReader, RAW_EOF, fmtU64 } from './wire.js';

/** Argument names of an event as it is on the wire: a timestamp delta first for most events. */
function wireArgNames(typ: number, n: number): string[] {
  const desc = V1_DESCS[typ]!;
  const names: string[] = [];
  if (typ !== V1.Batch && typ !== V1.Frequency && typ !== V1.TimerGoroutine && typ !== V1.Stack) names.push('dt');
  for (const a of desc.args) names.push(a === 'stack' ? 'new_stack' : a);
  if (desc.stack) names.push('stack');
  while (names.length < n) names.push(`arg${names.length}`);
  return names;
}

/** Calls visit for every raw event, with its byte size. Throws TraceError on damage. */
function eachRawEvent(bytes: Uint8Array, visit: (r: WireReader, size: number, stringId: number, str: string) => void): void {
  const h = readHeader(bytes);
  const r = new WireReader(bytes, h.length, h.version);
  for (;;) {
    const at = r.off;
    const before = r.strings.size;
    if (r.readRawEvent(0) === RAW_EOF) return;
    let id = 0;
    let str = '';
    if (r.typ === V1.None && r.strings.size > before) {
      // A string table entry: the one just added.
      for (const [k, v] of r.strings) {
        id = k;
        str = v;
      }
    }
    visit(r, r.off - at, id, str);
  }
}

export function dumpWireV1(bytes: Uint8Array, write: (s: string) => void): void {
  let buf = '';
  eachRawEvent(bytes, (r, _size, id, str) => {
    if (r.typ === V1.None) {
      buf += `String id=${id}\n\tdata=${goQuote(str)}\n`;
    } else if (r.typ === V1.Stack) {
      buf += `Stack id=${fmtU64(r.args[0]!)} nframes=${fmtU64(r.args[1]!)}`;
      for (let k = 2; k + 3 < r.nargs + 1 && k < r.nargs; k += 4) {
        buf += `\n\tpc=${fmtU64(r.args[k]!)} func=${fmtU64(r.args[k + 1]!)} file=${fmtU64(r.args[k + 2]!)} line=${fmtU64(r.args[k + 3]!)}`;
      }
      buf += '\n';
    } else {
      const names = wireArgNames(r.typ, r.nargs);
      let line = V1_DESCS[r.typ]!.name;
      for (let k = 0; k < r.nargs; k++) line += ` ${names[k]}=${fmtU64(r.args[k]!)}`;
      if (r.typ === V1.UserLog) line += `\n\tdata=${goQuote(r.sarg)}`;
      buf += line + '\n';
    }
    if (buf.length > 1 << 16) {
      write(buf);
      buf = '';
    }
  });
  if (buf) write(buf);
}

export function dumpFootprintV1(bytes: Uint8Array, write: (s: string) => void): void {
  const stats = V1_DESCS.map((d, typ) => ({ typ, name: typ === V1.None ? 'String' : d.name, count: 0, bytes: 0 }));
  let events = 0;
  eachRawEvent(bytes, (r, size) => {
    const s = stats[r.typ]!;
    s.count++;
    s.bytes += size;
    events++;
  });
  // String entries come back as type None; the String type itself never does.
  const rows = stats.filter((s) => s.name !== '' && s.typ < V1.Count && s.typ !== V1.String);
  goSortFunc(rows, (a, b) => (b.bytes < a.bytes ? -1 : b.bytes > a.bytes ? 1 : 0));
  const total = bytes.length;
  const w = new TabWriter(write, 3, 8, 2, ' ');
  w.write('Event\tBytes\t%\tCount\t%\n');
  w.write('-\t-\t-\t-\t-\n');
  for (const s of rows) {
    w.write(`${s.name}\t${s.bytes}\t${goFormatFixed((s.bytes / total) * 100, 2)}%\t${s.count}\t${goFormatFixed((s.count / events) * 100, 2)}%\n`);
  }
  w.flush();
}
