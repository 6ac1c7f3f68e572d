// The two wire-level debug dumps of `go tool trace`: -d=wire (every raw event in
// raw.Event.String() form) and -d=footprint (bytes and counts per event type),
// byte-identical to Go 1.26's cmd/trace, errors included.

import { goQuoteBytes } from '../go/go-quote.js';
import { goSortFunc } from '../go/go-sort.js';
import { FRAME_FIELDS, type RawEvent, RawReader, type U64 } from './raw-reader.js';
import { specsFor } from './specs.js';
import { TabWriter } from './tabwriter.js';
import { uvarintSize } from './varint.js';

/**
 * raw.Event.String(): the event name and its named arguments, then for stacks one
 * indented line per frame, then for events with data an indented data="..." line.
 * This is also the syntax the text trace format reads.
 */
export function formatRawEvent(version: number, ev: RawEvent): string {
  const spec = specsFor(version)[ev.type];
  return formatEvent(spec.name, spec.args, spec.isStack, ev.args, ev.args.length, ev.data);
}

function formatEvent(
  name: string,
  argNames: readonly string[],
  isStack: boolean,
  args: ArrayLike<U64>,
  nargs: number,
  data: Uint8Array | null,
): string {
  let s = name;
  const n = argNames.length;
  for (let i = 0; i < n; i++) s += ' ' + argNames[i] + '=' + args[i];
  if (isStack) {
    for (let i = n; i < nargs; i++) {
      const k = (i - n) % 4;
      s += (k === 0 ? '\n\t' : ' ') + FRAME_FIELDS[k] + '=' + args[i];
    }
  }
  if (data !== null) s += '\n\tdata=' + goQuoteBytes(data);
  return s;
}

/** raw.Event.EncodedSize(): the size of the event's canonical (unpadded) encoding. */
export function encodedSize(version: number, ev: RawEvent): number {
  return eventSize(specsFor(version)[ev.type].hasData, ev.args, ev.args.length, ev.data);
}

function eventSize(hasData: boolean, args: ArrayLike<U64>, nargs: number, data: Uint8Array | null): number {
  let size = 1 + nargs;
  for (let i = 0; i < nargs; i++) {
    const a = args[i];
    if (typeof a !== 'number' || a >= 0x80) size += uvarintSize(a) - 1;
  }
  if (hasData) {
    const len = data === null ? 0 : data.length;
    size += uvarintSize(len) + len;
  }
  return size;
}

/** Collects output into large chunks before handing it to `write`. */
class ChunkedOutput {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (s: string) => void) {}
  add(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * `go tool trace -d=wire`: writes one line group per raw event (each followed by
 * "\n"). On a malformed trace, everything before the bad event is written and
 * then the error Go prints is thrown (e.g. "invalid event type: 65" for a pre-1.22
 * trace, "unexpected EOF", or a header error).
 */
export function dumpWire(bytes: Uint8Array, write: (s: string) => void): void {
  const r = new RawReader(bytes);
  const specs = r.specs;
  const out = new ChunkedOutput(write);
  try {
    while (r.next()) {
      const spec = specs[r.type];
      // Arguments above 2^53 need the exact (bigint) values; others print fine from the doubles.
      const args: ArrayLike<U64> = r.hasBigArgs ? r.argsArray() : r.argv;
      out.add(formatEvent(spec.name, spec.args, spec.isStack, args, r.nargs, r.data) + '\n');
    }
  } finally {
    out.flush();
  }
}

interface EventStats {
  typ: number;
  count: number;
  bytes: number;
}

/**
 * `go tool trace -d=footprint`: a table of the encoded bytes and counts per
 * event type (all 256 types, sorted by bytes descending in Go's unstable order).
 * Nothing is written if the trace is malformed; the error Go prints is thrown.
 */
export function dumpFootprint(bytes: Uint8Array, write: (s: string) => void): void {
  const r = new RawReader(bytes);
  const stats: EventStats[] = [];
  for (let i = 0; i < 256; i++) stats.push({ typ: i, count: 0, bytes: 0 });
  const specs = r.specs;
  let eventsRead = 0;
  while (r.next()) {
    const s = stats[r.type];
    s.count++;
    // Exact values when some exceed 2^53 (rounding could cross a varint length boundary).
    s.bytes += eventSize(specs[r.type].hasData, r.hasBigArgs ? r.argsArray() : r.argv, r.nargs, r.data);
    eventsRead++;
  }
  goSortFunc(stats, (a, b) => (b.bytes < a.bytes ? -1 : b.bytes > a.bytes ? 1 : 0));

  // Go divides by the bytes its reader consumed: the whole input once EOF is reached.
  const bytesRead = bytes.length;
  const w = new TabWriter(write, 3, 8, 2, ' ');
  w.write('Event\tBytes\t%\tCount\t%\n');
  w.write('-\t-\t-\t-\t-\n');
  for (const stat of stats) {
    const name = stat.typ >= specs.length ? `<unknown (${stat.typ})>` : specs[stat.typ].name;
    const bytesPct = (stat.bytes / bytesRead) * 100;
    const countPct = (stat.count / eventsRead) * 100;
    w.write(`${name}\t${stat.bytes}\t${goFormatFixed(bytesPct, 2)}%\t${stat.count}\t${goFormatFixed(countPct, 2)}%\n`);
  }
  w.flush();
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Go's fmt "%.<prec>f": the exact binary value rounded to `prec` decimals, ties
 * to even (JS toFixed rounds ties up: 0.125 → "0.13" where Go prints "0.12").
 * NaN and infinities print as "NaN", "+Inf", "-Inf".
 */
export function goFormatFixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  F64[0] = x;
  const hi = U32[LITTLE_ENDIAN ? 1 : 0];
  const lo = U32[LITTLE_ENDIAN ? 0 : 1];
  const neg = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  // |x| = mant * 2^exp; compute round(|x| * 10^prec) with ties to even.
  let q: bigint;
  const scaled = mant * 10n ** BigInt(prec);
  if (exp >= 0) {
    q = scaled << BigInt(exp);
  } else {
    const den = 1n << BigInt(-exp);
    q = scaled / den;
    const twice = (scaled % den) * 2n;
    if (twice > den || (twice === den && (q & 1n) === 1n)) q++;
  }
  let digits = q.toString();
  if (prec > 0) {
    if (digits.length <= prec) digits = '0'.repeat(prec - digits.length + 1) + digits;
    digits = digits.slice(0, digits.length - prec) + '.' + digits.slice(digits.length - prec);
  }
  return (neg ? '-' : '') + digits;
}
