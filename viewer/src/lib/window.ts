// The ?window=START,END parameter of the profile and goroutine pages, from a timeline range
// (ns since the trace's start): Go durations in whole nanoseconds, as -window reads them.

export function windowParamOf(t0: number, t1: number): string {
  const s = Math.max(0, Math.round(t0));
  return `${s}ns,${Math.max(s + 1, Math.round(t1))}ns`;
}
