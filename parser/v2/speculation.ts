// What a generation ordered on its own ("speculatively", as if it were the trace's first)
// assumed about the state it inherits, and what must be patched once that state is known.
// The merge checks every assumption against the real inherited state; one false assumption
// and the generation is ordered again, sequentially.

/** A thread's goroutine or proc inherited from the previous generation, not yet known. */
export const CARRIED = -2;

export const enum Assume {
  /** The thread's inherited goroutine is none / some / equals value. */
  GNone = 0,
  GSome = 1,
  GEq = 2,
  /** The thread's inherited proc is none / some / equals value. */
  PNone = 3,
  PSome = 4,
  PEq = 5,
  /** The thread's inherited goroutine is none, unknown, or Running (GoCreate's check). */
  GRunningOrNone = 6,
  /** The thread is unknown, or its inherited goroutine equals value (GoStatus of a syscall elsewhere). */
  MAbsentOrGEq = 7,
}

export interface TaskOp {
  begin: boolean;
  id: number;
  /** Event index in the chunk (for TaskEnd patches). */
  index: number;
  /** For begins: the task's type and parent (-1 = none). */
  name: string;
  parent: number;
  /** For ends: whether the task was begun in this generation. */
  known?: boolean;
}

export interface RangeOp {
  /** 'g' or 'p' plus id, e.g. "g17". */
  res: string;
  active: boolean;
  typ: number;
  /** Position among all recorded range ops, to check that activations come first. */
  seq: number;
}

export class Speculation {
  /** Flat triples: kind, thread, value. */
  assumptions: number[] = [];
  /** GoStatus events of goroutines first seen in this generation: event index, goroutine, wire status. */
  goStatus: number[] = [];
  /** ProcStatus events of procs first seen: event index, proc, wire status. */
  procStatus: number[] = [];
  /**
   * GoStatus(syscall) naming another thread not seen in this generation: the printed goroutine
   * depends on whether that thread is known. Event index, thread, goroutine, emitting goroutine, proc.
   */
  otherThreadStatus: number[] = [];
  tasks: TaskOp[] = [];
  /** Region ends that found no region begun in this generation: goroutine, task, name. */
  regionPops: { g: number; task: number; name: string }[] = [];
  /** Range operations on resources first seen in this generation: every activation, and the first other op. */
  ranges: RangeOp[] = [];
  /** GC mark-phase events in order: wire type, sequence number. */
  gc: number[] = [];
  /** Goroutines destroyed in this generation. */
  destroyed: number[] = [];
  /**
   * Goroutines created in this generation that it had not seen before: they must not exist in
   * the inherited state (Go: "tried to create goroutine (N) that already exists").
   */
  created: number[] = [];

  assume(kind: Assume, m: number, value = 0): void {
    this.assumptions.push(kind, m, value);
  }

  /** Records a range op; callers record only activations and the first other op per resource. */
  rangeOp(res: string, active: boolean, typ: number): void {
    this.ranges.push({ res, active, typ, seq: this.ranges.length });
  }
}
