// One timeline track as a sorted run of rows [lo, hi) with start/end/style/goroutine accessors,
// whatever its storage, so that tiles, the level-of-detail summaries and span details are written
// once. Every kind of track (api/track-kinds.ts) makes its views here or in its own module:
// goroutine rows "g<id>" (goroutine-tracks.ts), P and thread rows "p<id>", "m<id>"
// (proc-tracks.ts), and plain spans (SpanTrack): "gc", "stw" (gc-tracks.ts), the user regions of
// a goroutine "r<id>" and the user tasks "tasks" (region-tracks.ts). trackView (track-kinds.ts)
// finds the view of an id.

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

/** Plain sorted, disjoint spans with one style each (GC, stop-the-world, regions, tasks). */
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
