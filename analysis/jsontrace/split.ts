// The ranges go tool trace splits a big trace's viewer data into (its index page links each as
// /trace?view=proc&start=S&end=E, and the viewer then fetches /jsontrace with the same start/end,
// which are indices into traceEvents). A range closes once its JSON (the metadata, its events and
// the stack frames they name) reaches 100 MiB; a trace that fits in one range has none.
//
// Two passes over the events: the first only measures the metadata (written at the end but part
// of every range), the second measures each event as go tool trace encodes it.

import type { EventStore } from '../../parser/events.js';
import { formatDuration } from '../go-duration.js';
import { generateTrace } from './generate.js';
import type { TraceSink } from './sink.js';
import { StackFrames } from './stack-frames.js';
import { jsonString } from './json-text.js';

export interface SplitRange {
  /** "start-end" as Go durations since the trace start. */
  name: string;
  /** First and last event index (both included, as /jsontrace reads them). */
  start: number;
  end: number;
  /** ns since the trace start. */
  startTime: number;
  endTime: number;
}

/** go tool trace's size limit of one range. */
export const RANGE_BYTES = 100 << 20;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Pass 1: the bytes of the metadata part ({"traceEvents":[...],"stackFrames":{...},"displayTimeUnit":"ns"}\n). */
class RequiredSink implements TraceSink {
  private required: string[] = [];
  private frames = new Set<number>();
  private last = false;
  size = 0;
  constructor(private sf: StackFrames) {}
  want(required: boolean): boolean {
    this.last = required;
    return required;
  }
  add(json: string, _ts: number, sf: number, esf: number): void {
    if (!this.last) return;
    this.required.push(json);
    this.sf.walk(sf, (id) => this.frames.add(id));
    this.sf.walk(esf, (id) => this.frames.add(id));
  }
  finish(): void {
    const ids = [...this.frames].sort((a, b) => (String(a) < String(b) ? -1 : 1));
    const frames = ids.map((id) => {
      const p = this.sf.parentOf(id);
      return `"${id}":{"name":${jsonString(this.sf.nameOf(id))}${p !== 0 ? `,"parent":${p}` : ''}}`;
    });
    this.size = utf8(`{"traceEvents":[${this.required.join(',')}],"stackFrames":{${frames.join(',')}},"displayTimeUnit":"ns"}\n`);
  }
}

/** Pass 2: cuts the events into ranges. */
class SplitSink implements TraceSink {
  readonly ranges: SplitRange[] = [];
  private last = false;
  private n = 0;
  private start = 0;
  private startTs = 0;
  private lastTs = 0;
  private eventsSize = 0;
  private framesSize = 0;
  private frames = new Set<number>();
  private pending = true;

  constructor(
    private sf: StackFrames,
    private requiredSize: number,
    private max: number,
  ) {}

  want(required: boolean): boolean {
    this.last = required;
    return !required;
  }

  private frame(id: number): void {
    if (this.frames.has(id)) return;
    this.frames.add(id);
    this.framesSize += frameSize(id, this.sf.nameOf(id), this.sf.parentOf(id));
  }

  add(json: string, ts: number, sf: number, esf: number): void {
    if (this.last) return;
    const i = this.n++;
    if (this.pending) {
      this.startTs = ts;
      this.pending = false;
    }
    this.lastTs = ts;
    this.eventsSize += utf8(json) + 2; // its newline and comma
    this.sf.walk(sf, (id) => this.frame(id));
    this.sf.walk(esf, (id) => this.frame(id));
    if (this.requiredSize + this.framesSize + this.eventsSize < this.max) return;
    this.ranges.push(range(this.start, i + 1, this.startTs, ts));
    this.start = i + 1;
    this.pending = true;
    this.frames = new Set();
    this.framesSize = 0;
    this.eventsSize = 0;
  }

  finish(): void {
    if (this.ranges.length <= 1) {
      this.ranges.length = 0;
      return;
    }
    const end = this.n - 1;
    if (this.start < end) this.ranges.push(range(this.start, end, this.startTs, this.lastTs));
  }
}

function range(start: number, end: number, startTs: number, endTs: number): SplitRange {
  const t0 = Math.trunc(startTs * 1000);
  const t1 = Math.trunc(endTs * 1000);
  return { name: `${formatDuration(t0)}-${formatDuration(t1)}`, start, end, startTime: t0, endTime: t1 };
}

/** go tool trace's estimate of one stack frame's bytes in "stackFrames" ("id":{"name":"…","parent":p},). */
function frameSize(id: number, name: string, parent: number): number {
  let size = 15 + utf8(name) + String(id).length;
  if (parent > 0) size += 10 + String(parent).length;
  return size;
}

/** The ranges of the view by proc of the whole trace (empty: one range, no start/end needed). */
export function splitRanges(store: EventStore, max = RANGE_BYTES): SplitRange[] {
  const f1 = new StackFrames(store);
  const req = new RequiredSink(f1);
  for (const _ of generateTrace(store, { view: 'proc' }, req, f1));
  const f2 = new StackFrames(store);
  const split = new SplitSink(f2, req.size, max);
  for (const _ of generateTrace(store, { view: 'proc' }, split, f2));
  return split.ranges;
}
