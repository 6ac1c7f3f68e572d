// A goroutine's time accounting over a period (Go's GoroutineExecStats): execution, scheduler
// wait, syscall, block time per reason, total, and time inside special ranges. All integer ns.

import { DurationsByName } from './durations-by-name.js';

export class ExecStats {
  // The five durations live in an array of doubles (stored unboxed): hot loops add to them at
  // every event. Not a typed array: a goroutine has several of these, and small typed arrays
  // cost far more memory and collection time than a plain array.
  private readonly d: number[] = [0, 0, 0, 0, 0];
  get execTime(): number { return this.d[0]!; }
  set execTime(v: number) { this.d[0] = v; }
  get schedWaitTime(): number { return this.d[1]!; }
  set schedWaitTime(v: number) { this.d[1] = v; }
  get syscallTime(): number { return this.d[2]!; }
  set syscallTime(v: number) { this.d[2] = v; }
  get syscallBlockTime(): number { return this.d[3]!; }
  set syscallBlockTime(v: number) { this.d[3] = v; }
  /** The goroutine's presence in the trace; overlaps the other stats. */
  get totalTime(): number { return this.d[4]!; }
  set totalTime(v: number) { this.d[4] = v; }
  /** Block time by wait reason ("" for goroutines first seen already blocked). */
  blockTimeByReason = new DurationsByName();
  /** Time inside special ranges (GC mark assist, sweep, stop-the-world ...); overlaps the other stats. */
  rangeTime = new DurationsByName();

  clone(): ExecStats {
    const r = new ExecStats();
    for (let k = 0; k < 5; k++) r.d[k] = this.d[k]!;
    r.blockTimeByReason = this.blockTimeByReason.clone();
    r.rangeTime = this.rangeTime.clone();
    return r;
  }

  /** this - v, over this one's reasons and ranges (as Go does: keys only in v are dropped). */
  sub(v: ExecStats): ExecStats {
    const r = this.clone();
    r.execTime -= v.execTime;
    r.schedWaitTime -= v.schedWaitTime;
    for (const [k, dt] of r.blockTimeByReason) r.blockTimeByReason.set(k, dt - v.blockTimeByReason.get(k));
    r.syscallTime -= v.syscallTime;
    r.syscallBlockTime -= v.syscallBlockTime;
    r.totalTime -= v.totalTime;
    for (const [k, dt] of r.rangeTime) r.rangeTime.set(k, dt - v.rangeTime.get(k));
    return r;
  }

  /** Whatever part of totalTime the non-overlapping stats leave unaccounted (never negative). */
  unknownTime(): number {
    let sum = this.execTime + this.schedWaitTime + this.syscallTime + this.syscallBlockTime;
    for (const dt of this.blockTimeByReason.values()) sum += dt;
    return sum < this.totalTime ? this.totalTime - sum : 0;
  }

  /**
   * The non-overlapping stats under the names go tool trace's /goroutine page heads its
   * columns with. Always has the five fixed columns; block reasons add "Block time (reason)"
   * (the "syscall" reason shares its column with syscall block time).
   */
  nonOverlappingStats(): Map<string, number> {
    const m = new Map<string, number>([
      ['Execution time', this.execTime],
      ['Sched wait time', this.schedWaitTime],
      ['Syscall execution time', this.syscallTime],
      ['Block time (syscall)', this.syscallBlockTime],
      ['Unknown time', this.unknownTime()],
    ]);
    for (const [reason, dt] of this.blockTimeByReason) {
      const k = `Block time (${reason})`;
      m.set(k, (m.get(k) ?? 0) + dt);
    }
    return m;
  }
}
