// One timeline track as a sorted run of rows [lo, hi) with start/end/style/goroutine accessors,
// whatever its storage (goroutine, P or thread rows, or plain span arrays), so that tiles, the
// level-of-detail summaries and span details are written once. Track ids as in api/types.ts:
// "g<id>", "p<id>", "m<id>", "gc", "stw".

import type { TimelineRows } from './build.js';
import { EventTimes } from './event-times.js';
import { indexOf } from './query.js';
import { GoroutineRows, groupOfRow } from './rows.js';
import { STYLE_GC } from './styles.js';

export abstract class TrackView {
  /** Whether every row ends where the next begins (end(j) = start(j + 1)). */
  contiguous = false;
  /** Whether rows carry an arg (the goroutine, on P/M tracks). */
  hasArg = false;
  constructor(readonly id: string, readonly lo: number, readonly hi: number) {}
  /** Absolute start/end time of row j; end(j) <= start(j + 1). */
  abstract start(j: number): number;
  abstract end(j: number): number;
  /** Style code of row j (0: not drawn). */
  abstract style(j: number): number;
  /** The goroutine row behind row j (-1 if none): its goroutine is the rectangle's arg on P/M tracks. */
  goroutineRow(_j: number): number {
    return -1;
  }
  /** The argument drawn with row j (goroutine id on P/M tracks, else 0). */
  arg(_j: number): number {
    return 0;
  }

  /** Last row with start <= t (lo - 1 if none). */
  rowAt(t: number): number {
    let lo = this.lo;
    let hi = this.hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.start(mid) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** First row k in [from, hi) with start(k) >= t (hi if none), galloping from `from`. */
  firstStartAtOrAfter(from: number, t: number): number {
    const hi = this.hi;
    if (from >= hi || this.start(from) >= t) return from;
    let step = 1;
    let a = from;
    while (a + step < hi && this.start(a + step) < t) {
      a += step;
      step *= 2;
    }
    let lo = a + 1;
    let b = Math.min(hi, a + step);
    while (lo < b) {
      const mid = (lo + b) >>> 1;
      if (this.start(mid) >= t) b = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

export class GoroutineTrack extends TrackView {
  private ev: Uint32Array;
  private st: Uint8Array;
  constructor(id: string, readonly goid: number, g: GoroutineRows, lo: number, hi: number, private times: EventTimes) {
    super(id, lo, hi);
    this.ev = g.ev;
    this.st = g.style;
    this.contiguous = true;
  }
  start(j: number): number {
    return this.times.time(this.ev[j]!);
  }
  end(j: number): number {
    return this.times.time(this.ev[j + 1 < this.hi ? j + 1 : j]!);
  }
  style(j: number): number {
    return this.st[j]!;
  }
  override goroutineRow(j: number): number {
    return j;
  }
}

/** Goroutine id of goroutine row j. */
function goroutineOf(tl: TimelineRows, j: number): number {
  const k = groupOfRow(tl.goroutines, j);
  return k < 0 ? -1 : tl.goroutines.ids[k]!;
}

export class ProcTrack extends TrackView {
  constructor(id: string, private tl: TimelineRows, lo: number, hi: number) {
    super(id, lo, hi);
    this.hasArg = true;
  }
  start(j: number): number {
    const tl = this.tl;
    return tl.times.time(tl.goroutines.ev[tl.procs.gsi[j]!]!);
  }
  end(j: number): number {
    return this.tl.times.time(this.tl.procs.endEv[j]!);
  }
  style(j: number): number {
    return this.tl.goroutines.style[this.tl.procs.gsi[j]!]!;
  }
  override goroutineRow(j: number): number {
    return this.tl.procs.gsi[j]!;
  }
  override arg(j: number): number {
    return goroutineOf(this.tl, this.tl.procs.gsi[j]!);
  }
}

export class ThreadTrack extends TrackView {
  constructor(id: string, private tl: TimelineRows, lo: number, hi: number) {
    super(id, lo, hi);
    this.hasArg = true;
  }
  start(j: number): number {
    const tl = this.tl;
    return tl.times.time(tl.goroutines.ev[tl.threads.gsi[j]!]!);
  }
  end(j: number): number {
    const tl = this.tl;
    const e = tl.times.time(tl.goroutines.ev[tl.threads.gsi[j]! + 1]!);
    if (j + 1 < this.hi) {
      const next = this.start(j + 1);
      if (next < e) return next;
    }
    return e;
  }
  style(j: number): number {
    return this.tl.goroutines.style[this.tl.threads.gsi[j]!]!;
  }
  override goroutineRow(j: number): number {
    return this.tl.threads.gsi[j]!;
  }
  override arg(j: number): number {
    return goroutineOf(this.tl, this.tl.threads.gsi[j]!);
  }
}

/** Plain sorted, disjoint spans with one style each (GC, stop-the-world). */
export class SpanTrack extends TrackView {
  constructor(id: string, private s: Float64Array, private e: Float64Array, private codes: Uint8Array | number, private args: Float64Array | null = null) {
    super(id, 0, s.length);
    this.hasArg = args !== null;
  }
  override arg(j: number): number {
    return this.args === null ? 0 : this.args[j]!;
  }
  start(j: number): number {
    return this.s[j]!;
  }
  end(j: number): number {
    return this.e[j]!;
  }
  style(j: number): number {
    return typeof this.codes === 'number' ? this.codes : this.codes[j]!;
  }
}

/** The track with that id, or null if the trace has none. */
export function trackView(tl: TimelineRows, id: string): TrackView | null {
  const cached = tl.views.get(id);
  if (cached !== undefined) return cached;
  const v = makeView(tl, id);
  if (v !== null) {
    if (tl.views.size > 4096) tl.views.clear();
    tl.views.set(id, v);
  }
  return v;
}

function makeView(tl: TimelineRows, id: string): TrackView | null {
  if (id === 'gc') return new SpanTrack(id, tl.ranges.gc.start, tl.ranges.gc.end, STYLE_GC);
  if (id === 'stw') return new SpanTrack(id, tl.ranges.stw.start, tl.ranges.stw.end, stwStyles(tl));
  if (id === 'tasks') return tl.taskTrack === null ? null : new SpanTrack(id, tl.taskTrack.start, tl.taskTrack.end, tl.taskTrack.style, tl.taskTrack.arg);
  const kind = id[0];
  const num = Number(id.slice(1));
  if (id.length < 2 || !Number.isInteger(num) || num < 0) return null;
  if (kind === 'r') {
    const r = tl.regionTracks.get(num);
    return r === undefined ? null : new SpanTrack(id, r.start, r.end, r.style, r.arg);
  }
  const idx = kind === 'g' ? tl.goroutines : kind === 'p' ? tl.procs : kind === 'm' ? tl.threads : null;
  if (idx === null) return null;
  const k = indexOf(idx, num);
  if (k < 0) return null;
  const lo = idx.offset[k]!;
  const hi = lo + idx.count[k]!;
  if (kind === 'g') return new GoroutineTrack(id, num, tl.goroutines, lo, hi, tl.times);
  if (kind === 'p') return new ProcTrack(id, tl, lo, hi);
  return new ThreadTrack(id, tl, lo, hi);
}

function stwStyles(tl: TimelineRows): Uint8Array {
  const kinds = tl.ranges.stw.kind;
  const out = new Uint8Array(kinds.length);
  for (let j = 0; j < kinds.length; j++) {
    const name = tl.store.strings[kinds[j]!] ?? '';
    out[j] = tl.styles.named('stw', name, `Stop-the-world (${name})`);
  }
  return out;
}
