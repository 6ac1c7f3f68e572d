// Encodes raw events into the binary wire format the way Go's raw.Writer does
// (canonical, unpadded varints), e.g. to turn a text trace into trace bytes.

import { encodeHeader, type RawEvent } from '../../../parser/wire/raw-reader.js';
import { type EventSpec, specsFor } from '../../../parser/wire/specs.js';
import { putUvarint, MAX_VARINT_LEN64 } from '../../../parser/wire/varint.js';
import { readTextTrace } from './text-reader.js';

/** Accumulates a wire-format trace: the header, then each event written. */
export class WireWriter {
  private buf: Uint8Array;
  private len = 0;
  private readonly specs: readonly EventSpec[];

  constructor(readonly version: number) {
    this.specs = specsFor(version);
    const header = encodeHeader(version);
    this.buf = new Uint8Array(Math.max(1024, header.length));
    this.buf.set(header);
    this.len = header.length;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /**
   * Appends one event: its type byte, the spec's arguments (extra arguments are
   * dropped unless the event is a stack, whose frames follow), then for events
   * with data the data length and bytes.
   */
  writeEvent(ev: RawEvent): void {
    const spec = this.specs[ev.type];
    if (spec === undefined) throw new RangeError(`event type ${ev.type} is not in the go 1.${this.version} format`);
    const nargs = spec.args.length;
    if (ev.args.length < nargs) throw new RangeError(`${spec.name} needs ${nargs} arguments, got ${ev.args.length}`);
    const count = spec.isStack ? ev.args.length : nargs;
    const data = spec.hasData ? (ev.data ?? new Uint8Array(0)) : null;
    this.reserve(1 + count * MAX_VARINT_LEN64 + (data === null ? 0 : MAX_VARINT_LEN64 + data.length));
    const buf = this.buf;
    let p = this.len;
    buf[p++] = ev.type;
    for (let i = 0; i < count; i++) p = putUvarint(buf, p, ev.args[i]);
    if (data !== null) {
      p = putUvarint(buf, p, data.length);
      buf.set(data, p);
      p += data.length;
    }
    this.len = p;
  }

  /** The bytes written so far (a copy). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Encodes a whole event list as a wire-format trace of the given version. */
export function encodeWireTrace(version: number, events: Iterable<RawEvent>): Uint8Array {
  const w = new WireWriter(version);
  for (const ev of events) w.writeEvent(ev);
  return w.bytes();
}

/** Text trace → wire bytes (what Go's testtrace.ParseFile feeds the trace reader). */
export function textToWire(text: Uint8Array | string): { version: number; bytes: Uint8Array } {
  const { version, events } = readTextTrace(text);
  return { version, bytes: encodeWireTrace(version, events) };
}
