// Reader of Go's trace *text* format (internal/trace/raw TextReader): a
// "Trace Go1.N" header, then one event per line with named decimal arguments,
// stack frames and data="..." on the following lines. Same events and same
// error messages as Go.

import { FRAME_FIELDS, type RawEvent, type U64 } from '../../../parser/wire/raw-reader.js';
import { specsFor, isValidVersion, type EventSpec } from '../../../parser/wire/specs.js';
import { goQuote, goQuoteBytes, goUnquoteBytes } from '../../../parser/go/go-quote.js';
import { bytesToString, decodeRune, isSpace, stringToBytes, trimSpaceRange } from '../../../parser/go/go-utf8.js';

/** A malformed text trace; the message is the one Go's TextReader returns. */
export class TextTraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TextTraceError';
  }
}

/** bufio.Scanner's default limit: a line this long (without its newline) is an error. */
const MAX_LINE = 64 * 1024;
const HASH = 0x23;
const EQUALS = 0x3d;

/** A token's byte range and where the rest of the line starts; empty tokens have start === end. */
interface Token {
  start: number;
  end: number;
  rest: number;
}

export class TextReader {
  readonly version: number;
  readonly specs: readonly EventSpec[];
  private readonly names = new Map<string, number>();
  private readonly buf: Uint8Array;
  private pos = 0;
  // The current line is buf[lineStart:lineEnd].
  private lineStart = 0;
  private lineEnd = 0;

  constructor(text: Uint8Array | string) {
    this.buf = typeof text === 'string' ? stringToBytes(text) : text;
    if (!this.nextLine()) throw new TextTraceError('EOF');
    const buf = this.buf;
    const word = readToken(buf, this.lineStart, this.lineEnd);
    if (this.text(word) !== 'Trace') throw new TextTraceError('failed to parse header');
    const gover = readToken(buf, word.rest, this.lineEnd);
    const goverText = this.text(gover);
    if (!goverText.startsWith('Go1.')) throw new TextTraceError('failed to parse header Go version');
    const raw = parseUint64(buf, gover.start + 4, gover.end);
    if (typeof raw === 'string') {
      throw new TextTraceError(`failed to parse header Go version: strconv.ParseUint: parsing ${goQuoteBytes(buf, gover.start + 4, gover.end)}: ${raw}`);
    }
    // version.Version is a uint32: Go truncates the parsed value.
    const v = Number(BigInt.asUintN(32, BigInt(raw)));
    if (!isValidVersion(v)) throw new TextTraceError(`unknown or unsupported Go version 1.${v}`);
    this.version = v;
    this.specs = specsFor(v);
    this.specs.forEach((spec, i) => this.names.set(spec.name, i));
    if (!allSpace(buf, gover.rest, this.lineEnd)) {
      throw new TextTraceError(
        `encountered unexpected non-space at the end of the header: ${goQuoteBytes(buf, gover.rest, this.lineEnd)}`,
      );
    }
  }

  /** Reads the next event, or returns null at the end of the text. Throws TextTraceError. */
  readEvent(): RawEvent | null {
    if (!this.nextLine()) return null;
    const buf = this.buf;
    const tok = readToken(buf, this.lineStart, this.lineEnd);
    const evName = this.text(tok);
    const typ = this.names.get(evName);
    if (typ === undefined) throw new TextTraceError(`unidentified event: ${evName}`);
    const spec = this.specs[typ];
    let args: U64[];
    try {
      args = readArgs(buf, tok.rest, this.lineEnd, spec.args);
    } catch (e) {
      throw new TextTraceError(`reading args for ${evName}: ${(e as Error).message}`);
    }
    if (spec.isStack) {
      const n = frameCount(args[1]);
      for (let i = 0; i < n; i++) {
        if (!this.nextLine()) throw new TextTraceError(`unexpected EOF while reading stack: args=${formatArgs(args)}`);
        args.push(...readArgs(buf, this.lineStart, this.lineEnd, FRAME_FIELDS));
      }
    }
    let data: Uint8Array | null = null;
    if (spec.hasData) {
      if (!this.nextLine()) {
        throw new TextTraceError(`unexpected EOF while reading data for ${evName}: args=${formatArgs(args)}`);
      }
      data = readData(buf, this.lineStart, this.lineEnd);
    }
    return { type: typ, args, data };
  }

  private text(t: Token): string {
    return bytesToString(this.buf, t.start, t.end);
  }

  /** Advances to the next line with a token (skipping blank and comment lines); false at the end. */
  private nextLine(): boolean {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const start = this.pos;
      let end = buf.indexOf(0x0a, start);
      if (end < 0) {
        end = buf.length;
        this.pos = end;
      } else {
        this.pos = end + 1;
      }
      if (end - start >= MAX_LINE) throw new TextTraceError('bufio.Scanner: token too long');
      if (end > start && buf[end - 1] === 0x0d) end--; // drop one CR, like bufio.ScanLines
      const tok = readToken(buf, start, end);
      if (tok.start === tok.end) continue; // empty line or comment
      this.lineStart = start;
      this.lineEnd = end;
      return true;
    }
    return false;
  }
}

/** Reads a whole text trace. */
export function readTextTrace(text: Uint8Array | string): { version: number; events: RawEvent[] } {
  const r = new TextReader(text);
  const events: RawEvent[] = [];
  for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) events.push(ev);
  return { version: r.version, events };
}

/** A stack's frame count as Go's int(uint64): values >= 2^63 are negative, so no frames. */
function frameCount(n: U64): number {
  if (typeof n === 'number') return n;
  return n >= 1n << 63n ? 0 : Number(n);
}

/** Go's %v of a []uint64. */
function formatArgs(args: readonly U64[]): string {
  return `[${args.join(' ')}]`;
}

/**
 * The first token of buf[start:end]: a run of non-space runes, cut at '#'
 * (which starts a comment). A comment or an all-space text yields an empty token.
 */
function readToken(buf: Uint8Array, start: number, end: number): Token {
  let i = start;
  for (;;) {
    if (i >= end || buf[i] === HASH) return { start: end, end, rest: end };
    const d = decodeRune(buf, i, end);
    if (!isSpace(Math.floor(d / 8))) break;
    i += d & 7;
  }
  const tokStart = i;
  while (i < end) {
    if (buf[i] === HASH) break;
    const d = decodeRune(buf, i, end);
    if (isSpace(Math.floor(d / 8))) break;
    i += d & 7;
  }
  return { start: tokStart, end: i, rest: i };
}

function allSpace(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; ) {
    const d = decodeRune(buf, i, end);
    if (!isSpace(Math.floor(d / 8))) return false;
    i += d & 7;
  }
  return true;
}

/** Reads `names.length` "name=value" arguments from buf[start:end]; nothing but space may follow. */
function readArgs(buf: Uint8Array, start: number, end: number, names: readonly string[]): U64[] {
  const args: U64[] = [];
  let s = start;
  for (const name of names) {
    const tok = readToken(buf, s, end);
    if (tok.start === tok.end) throw new TextTraceError('no argument');
    const eq = buf.subarray(tok.start, tok.end).indexOf(EQUALS);
    if (eq < 0) throw new TextTraceError(`malformed argument: ${goQuoteBytes(buf, tok.start, tok.end)}`);
    const valStart = tok.start + eq + 1;
    const value = parseUint64(buf, valStart, tok.end);
    if (typeof value === 'string') {
      throw new TextTraceError(
        `failed to parse argument value ${goQuoteBytes(buf, valStart, tok.end)} for arg ${goQuoteBytes(buf, tok.start, tok.start + eq)}`,
      );
    }
    const arg = bytesToString(buf, tok.start, tok.start + eq);
    if (arg !== name) {
      throw new TextTraceError(`expected argument ${goQuote(name)}, but got ${goQuoteBytes(buf, tok.start, tok.start + eq)}`);
    }
    args.push(value);
    s = tok.rest;
  }
  if (!allSpace(buf, s, end)) {
    throw new TextTraceError(`encountered unexpected non-space at the end of an event: ${goQuoteBytes(buf, s, end)}`);
  }
  return args;
}

/** Reads a `data="..."` line: the Go-quoted bytes after the first '='. */
function readData(buf: Uint8Array, start: number, end: number): Uint8Array {
  const eq = buf.subarray(start, end).indexOf(EQUALS);
  const [ks, ke] = eq < 0 ? [0, 0] : trimSpaceRange(buf, start, start + eq);
  if (eq < 0 || bytesToString(buf, ks, ke) !== 'data') {
    throw new TextTraceError(`malformed data: ${goQuoteBytes(buf, start, end)}`);
  }
  const [vs, ve] = trimSpaceRange(buf, start + eq + 1, end);
  const data = goUnquoteBytes(buf, vs, ve);
  if (data === null) throw new TextTraceError(`failed to parse data: ${goQuoteBytes(buf, start, end)}: invalid syntax`);
  return data;
}

const MAX_U64 = (1n << 64n) - 1n;

/**
 * strconv.ParseUint(s, 10, 64) of buf[start:end]: the value (a number when at
 * most 2^53 - 1, else a bigint), or Go's error text. Like Go, an overflow found
 * before the first non-digit is "value out of range", otherwise "invalid syntax".
 */
export function parseUint64(buf: Uint8Array, start: number, end: number): U64 | string {
  if (start >= end) return 'invalid syntax';
  let v = 0;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  let value: U64 = v;
  if (v > Number.MAX_SAFE_INTEGER) {
    const big = BigInt(bytesToString(buf, start, i));
    if (big > MAX_U64) return 'value out of range';
    value = big;
  }
  return i < end ? 'invalid syntax' : value;
}
