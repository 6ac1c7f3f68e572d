// The wire format read without interpretation, like Go's internal/trace/raw
// Reader: the "go 1.N trace" header, then a flat stream of events (type byte,
// uvarint args, stack frames, string/batch data) with no ordering or validation.

import { decodeRune, isSpace, RUNE_ERROR } from '../go/go-utf8.js';
import { ByteCursor, uvarintExact, VarintError } from './varint.js';
import { type EventSpec, isValidVersion, specsFor } from './specs.js';

/** A uint64 from the trace: a number when it is at most 2^53 - 1, otherwise a bigint. */
export type U64 = number | bigint;

/** One raw event, as raw.Event: its wire type, its arguments and its trailing data. */
export interface RawEvent {
  type: number;
  /** The spec's arguments in order, then for Stack events 4 per frame (pc, func, file, line). */
  args: U64[];
  /**
   * Trailing data of String / ExperimentalBatch events; null when the event has
   * none or when its length is 0 (Go's reader leaves Data nil then). Events read
   * from the wire alias the input bytes.
   */
  data: Uint8Array | null;
}

/** Names of the four arguments of each stack frame, as printed and parsed in the text format. */
export const FRAME_FIELDS: readonly string[] = ['pc', 'func', 'file', 'line'];

/** A failure with exactly the message Go's raw reader reports. */
export class RawTraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RawTraceError';
  }
}

export const HEADER_ERROR = 'bad file format: not a Go execution trace?';

/** The canonical 16-byte header of version v ("go 1.%d trace\0\0\0"). */
export function encodeHeader(version: number): Uint8Array {
  const text = `go 1.${version} trace\0\0\0`;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const EOF_RUNE = -1;

/**
 * Reads the header the way version.ReadHeader does (fmt.Fscanf with
 * "go 1.%d trace\x00\x00\x00": spaces in the format match runs of Unicode
 * spaces, %d skips spaces and reads decimal digits into a uint32) and returns
 * the version and the offset of the first event. Throws RawTraceError with Go's
 * messages.
 */
export function readHeader(buf: Uint8Array): { version: number; offset: number } {
  // Fast path: the canonical header.
  if (
    buf.length >= 16 &&
    buf[0] === 0x67 && buf[1] === 0x6f && buf[2] === 0x20 && buf[3] === 0x31 && buf[4] === 0x2e &&
    buf[5] >= 0x31 && buf[5] <= 0x39 && buf[6] >= 0x30 && buf[6] <= 0x39 &&
    buf[7] === 0x20 && buf[8] === 0x74 && buf[9] === 0x72 && buf[10] === 0x61 && buf[11] === 0x63 &&
    buf[12] === 0x65 && buf[13] === 0 && buf[14] === 0 && buf[15] === 0
  ) {
    return { version: checkVersion((buf[5] - 0x30) * 10 + (buf[6] - 0x30)), offset: 16 };
  }
  const s = new HeaderScanner(buf);
  const v = s.scan();
  if (v < 0) throw new RawTraceError(HEADER_ERROR);
  return { version: checkVersion(v), offset: s.pos };
}

function checkVersion(v: number): number {
  if (!isValidVersion(v)) throw new RawTraceError(`unknown or unsupported trace version go 1.${v}`);
  return v;
}

/** A tiny fmt.Fscanf for the one header format; scan() returns the version or -1 on mismatch. */
class HeaderScanner {
  pos = 0;
  private last = 0; // size of the last rune read, for unread()

  constructor(private readonly buf: Uint8Array) {}

  private get(): number {
    if (this.pos >= this.buf.length) {
      this.last = 0;
      return EOF_RUNE;
    }
    const d = decodeRune(this.buf, this.pos);
    this.last = d & 7;
    this.pos += this.last;
    return this.last === 0 ? RUNE_ERROR : Math.floor(d / 8);
  }

  private unread(): void {
    this.pos -= this.last;
    this.last = 0;
  }

  private literal(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.get() !== text.charCodeAt(i)) return false;
    return true;
  }

  /** A lone space in the format: one or more non-newline spaces, or end of input. */
  private space(): boolean {
    let r = this.get();
    if (r === EOF_RUNE) return true;
    if (!isSpace(r) || r === 0x0a) return false;
    while (isSpace(r) && r !== 0x0a) r = this.get();
    if (r !== EOF_RUNE) this.unread();
    return true;
  }

  /** %d into a uint32: skip spaces (a newline is an error), then at least one decimal digit. */
  private uint32(): number {
    for (;;) {
      const r = this.get();
      if (r === EOF_RUNE) break;
      if (r === 0x0d && this.peekNewline()) continue;
      if (r === 0x0a) return -1;
      if (!isSpace(r)) {
        this.unread();
        break;
      }
    }
    let v = 0;
    let digits = 0;
    for (;;) {
      const r = this.get();
      if (r < 0x30 || r > 0x39) {
        if (r !== EOF_RUNE) this.unread();
        break;
      }
      v = v * 10 + (r - 0x30);
      digits++;
    }
    // No digits, or above uint32 (a value beyond uint64 fails as well).
    if (digits === 0 || v > 0xffff_ffff) return -1;
    return v;
  }

  private peekNewline(): boolean {
    const r = this.get();
    if (r !== EOF_RUNE) this.unread();
    return r === 0x0a;
  }

  scan(): number {
    if (!this.literal('go') || !this.space() || !this.literal('1.')) return -1;
    const v = this.uint32();
    if (v < 0 || !this.space() || !this.literal('trace\0\0\0')) return -1;
    return v;
  }
}

/** A Stack event's frame count as Go's int(uint64) loop bound: values >= 2^63 wrap negative (no frames). */
function frameCount(n: U64): number {
  if (typeof n === 'number') return n;
  return n >= 1n << 63n ? 0 : Number(n);
}

/**
 * Streams raw events out of a whole trace held in memory. next() decodes into
 * reused fields (type, nargs, argv, data) without allocating; readEvent()
 * returns a fresh RawEvent. Both mirror raw.Reader.ReadEvent, including its
 * quirk that an input ending exactly at the start of an argument or inside
 * string data is a clean end of stream (Go sees io.EOF there); eofInsideEvent
 * records that case.
 */
export class RawReader {
  readonly version: number;
  readonly specs: readonly EventSpec[];
  /** Offset of the first event (just after the header). */
  readonly headerSize: number;
  private readonly cur: ByteCursor;

  /** Type of the event decoded by the last successful next(). */
  type = 0;
  /** Its number of arguments (stack frames included). */
  nargs = 0;
  /**
   * Its arguments as doubles (a reused buffer; only the first nargs are valid).
   * Exact up to 2^53 - 1; use arg(i) to get larger values exactly.
   */
  argv = new Float64Array(64);
  /** Its data (a view into the input), or null as in RawEvent.data. */
  data: Uint8Array | null = null;
  /** Set when the stream ended in the middle of an event that Go silently drops. */
  eofInsideEvent = false;
  /** Exact values of the current event's arguments above 2^53 - 1, by index (nbig of them). */
  private readonly bigs: (bigint | undefined)[] = [];
  private nbig = 0;

  constructor(readonly bytes: Uint8Array) {
    const { version, offset } = readHeader(bytes);
    this.version = version;
    this.specs = specsFor(version);
    this.headerSize = offset;
    this.cur = new ByteCursor(bytes, offset);
  }

  /** Offset of the next unread byte. */
  get offset(): number {
    return this.cur.pos;
  }

  /** Argument i of the current event, exactly (a bigint only above 2^53 - 1). */
  arg(i: number): U64 {
    if (this.nbig > 0) {
      const b = this.bigs[i];
      if (b !== undefined) return b;
    }
    return this.argv[i];
  }

  /** Whether some argument of the current event needs a bigint. */
  get hasBigArgs(): boolean {
    return this.nbig > 0;
  }

  /** Decodes one argument into argv[i] (and bigs[i] when it is not a safe integer). */
  private readArg(i: number): void {
    if (i >= this.argv.length) {
      const grown = new Float64Array(this.argv.length * 2);
      grown.set(this.argv);
      this.argv = grown;
    }
    const c = this.cur;
    const b = c.pos < c.end ? this.bytes[c.pos] : 0x80;
    if (b < 0x80) {
      c.pos++;
      this.argv[i] = b;
      return;
    }
    const v = uvarintExact(c);
    if (typeof v === 'number') {
      this.argv[i] = v;
    } else {
      this.argv[i] = Number(v);
      this.bigs[i] = v;
      this.nbig++;
    }
  }

  /**
   * Decodes the next event into type/nargs/argv/data. Returns false at the end
   * of the stream; throws RawTraceError ("invalid event type: N") or VarintError
   * ("unexpected EOF", "binary: varint overflows a 64-bit integer").
   */
  next(): boolean {
    const c = this.cur;
    if (c.pos >= c.end) return false;
    const typ = this.bytes[c.pos++];
    const specs = this.specs;
    if (typ >= specs.length || typ === 0) throw new RawTraceError(`invalid event type: ${typ}`);
    const spec = specs[typ];
    if (this.nbig > 0) {
      this.bigs.length = 0;
      this.nbig = 0;
    }
    this.nargs = 0;
    this.data = null;
    try {
      let n = spec.args.length;
      for (let i = 0; i < n; i++) this.readArg(i);
      if (spec.isStack) {
        n += 4 * frameCount(this.arg(1));
        for (let i = spec.args.length; i < n; i++) this.readArg(i);
      }
      this.nargs = n;
      if (spec.hasData) {
        const len = uvarintExact(c);
        // int(len) in Go: a length >= 2^63 is negative and reads nothing.
        const size = typeof len === 'number' ? len : len >= 1n << 63n ? 0 : Number(len);
        if (size > 0) {
          if (size > c.end - c.pos) {
            c.pos = c.end;
            throw new VarintError('EOF'); // ReadByte hit the end: io.EOF
          }
          this.data = this.bytes.subarray(c.pos, c.pos + size);
          c.pos += size;
        }
      }
    } catch (e) {
      if (e instanceof VarintError && e.kind === 'EOF') {
        // Go's ReadEvent passes io.EOF through and its callers stop cleanly.
        this.eofInsideEvent = true;
        this.nargs = 0;
        c.pos = c.end;
        return false;
      }
      throw e;
    }
    this.type = typ;
    return true;
  }

  /** The current event's arguments as a fresh array. */
  argsArray(): U64[] {
    const out: U64[] = new Array<U64>(this.nargs);
    for (let i = 0; i < this.nargs; i++) out[i] = this.arg(i);
    return out;
  }

  /** The next event as a fresh object, or null at the end of the stream (errors as in next()). */
  readEvent(): RawEvent | null {
    if (!this.next()) return null;
    return { type: this.type, args: this.argsArray(), data: this.data };
  }
}
