// One record of a profile: the stack it is charged to, how many intervals or samples and
// how much time. Shared by the blocking profiles (pprof-records.ts) and CPU samples
// (cpu-samples.ts), which the former dispatches to.

/** go tool trace's stack depth for deduplicating and printing profile stacks. */
export const PPROF_MAX_STACK = 128;

export interface ProfileRecord {
  /** Stack id (0 = no stack): the newest stack seen with these PCs. */
  stack: number;
  count: number;
  /** Total delay (ns). */
  time: number;
}
