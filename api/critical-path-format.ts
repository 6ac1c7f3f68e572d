// The JSON of a critical path: `prof-trace -d=critical-path` prints it and GET /api/critical-path
// answers it. Times are in the trace's clock (the Time= of -d=parsed), not relative to its start.

/** What the goroutine on the path was doing. */
export type PathState = 'running' | 'runnable' | 'waiting' | 'syscall';
export const PATH_STATES: readonly PathState[] = ['running', 'runnable', 'waiting', 'syscall'];

/** One stretch of the path: [startNs, endNs) spent by goroutine goid in state. */
export interface PathSegment {
  goid: number;
  state: PathState;
  /** Go's wait reason for a wait ("sleep", "sync", "chan receive", …), else "". */
  reason: string;
  startNs: number;
  endNs: number;
  /** The stack behind the segment ("func file:line", leaf first): the wait's, or where it ran to. */
  stack: string[];
}

/** The path's time by goroutine and state (ns). */
export interface PathGoroutine {
  goid: number;
  /** Start function ("" when unknown). */
  name: string;
  running: number;
  runnable: number;
  waiting: number;
  syscall: number;
}

export interface CriticalPathJson {
  goid: number;
  startNs: number;
  endNs: number;
  /** In time order; they tile [startNs, endNs) exactly. */
  segments: PathSegment[];
  /** Goroutines by the time they take on the path, most first. */
  byGoroutine: PathGoroutine[];
}

/** GET /api/critical-path answers the path plus the trace's first event time (to place it on the timeline). */
export interface CriticalPathResponse extends CriticalPathJson {
  traceStartNs: number;
  /** What the path is of ("task 12 (request)", "goroutine 7", "region handle"). */
  subject: string;
}

/** One row of a task type's breakdown: time its critical paths spent in a goroutine (by start function) and state. */
export interface PathPart {
  name: string;
  state: PathState;
  reason: string;
  ns: number;
}

/** GET /api/critical-path/breakdown: per task type, where the ended tasks' critical paths spent their time. */
export interface PathBreakdownResponse {
  types: { type: string; tasks: number; totalNs: number; parts: PathPart[] }[];
}
