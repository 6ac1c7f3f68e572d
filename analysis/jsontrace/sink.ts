// Where the emitter's trace events go. The text sink writes go tool trace's /jsontrace body:
// {"displayTimeUnit":"ns", "traceEvents": [...], "stackFrames": {...}}, keeping only the events
// whose index is in [start, end] (go tool trace's start=/end= are indices into traceEvents, not
// times) plus the required ones (metadata), and only the stack frames the kept events name.

import type { StackFrames } from './stack-frames.js';

export interface TraceSink {
  /** Counts an event in; false if it is not wanted (then it is not built nor passed to add). */
  want(required: boolean): boolean;
  /** A wanted event: its JSON, its viewer time (µs) and stack nodes (0: none). */
  add(json: string, ts: number, sf: number, esf: number): void;
  /** The end of the events. */
  finish(): void;
}

/** Bytes of text per piece handed out by take() (the stream's unit). */
const PIECE = 1 << 16;

export class TextSink implements TraceSink {
  private index = -1;
  private written = 0;
  private parts: string[] = [];
  private partsLen = 0;
  private ready: string[] = [];

  constructor(
    private frames: StackFrames,
    private startIdx = 0,
    private endIdx = Number.MAX_SAFE_INTEGER,
  ) {
    this.put('{"displayTimeUnit":"ns"\n,');
  }

  want(required: boolean): boolean {
    this.index++;
    return required || (this.index >= this.startIdx && this.index <= this.endIdx);
  }

  add(json: string, _ts: number, sf: number, esf: number): void {
    if (sf !== 0) this.frames.require(sf);
    if (esf !== 0) this.frames.require(esf);
    this.put(this.written === 0 ? '"traceEvents": [' + json + '\n' : ',' + json + '\n');
    this.written++;
  }

  finish(): void {
    // (With no event at all go tool trace writes "], ..." without the opening; it always has metadata.)
    this.put('], "stackFrames":' + this.frames.requiredJson() + '\n}');
    this.seal();
  }

  private put(s: string): void {
    this.parts.push(s);
    this.partsLen += s.length;
    if (this.partsLen >= PIECE) this.seal();
  }

  private seal(): void {
    if (this.parts.length === 0) return;
    this.ready.push(this.parts.join(''));
    this.parts = [];
    this.partsLen = 0;
  }

  /** The text produced since the last call (pieces of about PIECE characters). */
  take(): string[] {
    const r = this.ready;
    this.ready = [];
    return r;
  }
}
