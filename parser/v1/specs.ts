// The event table of the old (Go 1.11–1.21) trace format: type numbers, names, how many
// arguments each carries, whether it ends with a stack, and the fake Ps the old parser uses.

export const enum V1 {
  None = 0,
  Batch = 1,
  Frequency = 2,
  Stack = 3,
  Gomaxprocs = 4,
  ProcStart = 5,
  ProcStop = 6,
  GCStart = 7,
  GCDone = 8,
  STWStart = 9,
  STWDone = 10,
  GCSweepStart = 11,
  GCSweepDone = 12,
  GoCreate = 13,
  GoStart = 14,
  GoEnd = 15,
  GoStop = 16,
  GoSched = 17,
  GoPreempt = 18,
  GoSleep = 19,
  GoBlock = 20,
  GoUnblock = 21,
  GoBlockSend = 22,
  GoBlockRecv = 23,
  GoBlockSelect = 24,
  GoBlockSync = 25,
  GoBlockCond = 26,
  GoBlockNet = 27,
  GoSysCall = 28,
  GoSysExit = 29,
  GoSysBlock = 30,
  GoWaiting = 31,
  GoInSyscall = 32,
  HeapAlloc = 33,
  HeapGoal = 34,
  TimerGoroutine = 35,
  FutileWakeup = 36,
  String = 37,
  GoStartLocal = 38,
  GoUnblockLocal = 39,
  GoSysExitLocal = 40,
  GoStartLabel = 41,
  GoBlockGC = 42,
  GCMarkAssistStart = 43,
  GCMarkAssistDone = 44,
  UserTaskCreate = 45,
  UserTaskEnd = 46,
  UserRegion = 47,
  UserLog = 48,
  CPUSample = 49,
  Count = 50,
}

/** The fake Ps events are moved to (Go's FakeP + 1...). */
export const TIMER_P = 1000001;
export const NETPOLL_P = 1000002;
export const SYSCALL_P = 1000003;
export const GC_P = 1000004;
export const PROFILE_P = 1000005;

interface V1Desc {
  name: string;
  /** Oldest format version that has the event. */
  minVersion: number;
  /** Whether the event's last argument is a stack ID. */
  stack: boolean;
  /** Names of the event's own arguments (no timestamp, no stack). */
  args: string[];
}

function d(name: string, minVersion: number, stack: boolean, args: string[]): V1Desc {
  return { name, minVersion, stack, args };
}

/** Indexed by type; types without a description have name "". */
export const V1_DESCS: readonly V1Desc[] = (() => {
  const t: V1Desc[] = [];
  for (let i = 0; i < 256; i++) t.push(d('', 0, false, []));
  t[V1.None] = d('None', 5, false, []);
  t[V1.Batch] = d('Batch', 5, false, ['p', 'ticks']);
  t[V1.Frequency] = d('Frequency', 5, false, ['freq']);
  t[V1.Stack] = d('Stack', 5, false, ['id', 'siz']);
  t[V1.Gomaxprocs] = d('Gomaxprocs', 5, true, ['procs']);
  t[V1.ProcStart] = d('ProcStart', 5, false, ['thread']);
  t[V1.ProcStop] = d('ProcStop', 5, false, []);
  t[V1.GCStart] = d('GCStart', 5, true, ['seq']);
  t[V1.GCDone] = d('GCDone', 5, false, []);
  t[V1.STWStart] = d('GCSTWStart', 5, false, ['kindid']);
  t[V1.STWDone] = d('GCSTWDone', 5, false, []);
  t[V1.GCSweepStart] = d('GCSweepStart', 5, true, []);
  t[V1.GCSweepDone] = d('GCSweepDone', 5, false, ['swept', 'reclaimed']);
  t[V1.GoCreate] = d('GoCreate', 5, true, ['g', 'stack']);
  t[V1.GoStart] = d('GoStart', 5, false, ['g', 'seq']);
  t[V1.GoEnd] = d('GoEnd', 5, false, []);
  t[V1.GoStop] = d('GoStop', 5, true, []);
  t[V1.GoSched] = d('GoSched', 5, true, []);
  t[V1.GoPreempt] = d('GoPreempt', 5, true, []);
  t[V1.GoSleep] = d('GoSleep', 5, true, []);
  t[V1.GoBlock] = d('GoBlock', 5, true, []);
  t[V1.GoUnblock] = d('GoUnblock', 5, true, ['g', 'seq']);
  t[V1.GoBlockSend] = d('GoBlockSend', 5, true, []);
  t[V1.GoBlockRecv] = d('GoBlockRecv', 5, true, []);
  t[V1.GoBlockSelect] = d('GoBlockSelect', 5, true, []);
  t[V1.GoBlockSync] = d('GoBlockSync', 5, true, []);
  t[V1.GoBlockCond] = d('GoBlockCond', 5, true, []);
  t[V1.GoBlockNet] = d('GoBlockNet', 5, true, []);
  t[V1.GoSysCall] = d('GoSysCall', 5, true, []);
  t[V1.GoSysExit] = d('GoSysExit', 5, false, ['g', 'seq', 'ts']);
  t[V1.GoSysBlock] = d('GoSysBlock', 5, false, []);
  t[V1.GoWaiting] = d('GoWaiting', 5, false, ['g']);
  t[V1.GoInSyscall] = d('GoInSyscall', 5, false, ['g']);
  t[V1.HeapAlloc] = d('HeapAlloc', 5, false, ['mem']);
  t[V1.HeapGoal] = d('HeapGoal', 5, false, ['mem']);
  t[V1.TimerGoroutine] = d('TimerGoroutine', 5, false, ['g']);
  t[V1.FutileWakeup] = d('FutileWakeup', 5, false, []);
  t[V1.String] = d('String', 7, false, []);
  t[V1.GoStartLocal] = d('GoStartLocal', 7, false, ['g']);
  t[V1.GoUnblockLocal] = d('GoUnblockLocal', 7, true, ['g']);
  t[V1.GoSysExitLocal] = d('GoSysExitLocal', 7, false, ['g', 'ts']);
  t[V1.GoStartLabel] = d('GoStartLabel', 8, false, ['g', 'seq', 'labelid']);
  t[V1.GoBlockGC] = d('GoBlockGC', 8, true, []);
  t[V1.GCMarkAssistStart] = d('GCMarkAssistStart', 9, true, []);
  t[V1.GCMarkAssistDone] = d('GCMarkAssistDone', 9, false, []);
  t[V1.UserTaskCreate] = d('UserTaskCreate', 11, true, ['taskid', 'pid', 'typeid']);
  t[V1.UserTaskEnd] = d('UserTaskEnd', 11, true, ['taskid']);
  t[V1.UserRegion] = d('UserRegion', 11, true, ['taskid', 'mode', 'typeid']);
  t[V1.UserLog] = d('UserLog', 11, true, ['id', 'keyid']);
  t[V1.CPUSample] = d('CPUSample', 19, true, ['ts', 'p', 'g']);
  return t;
})();

/**
 * How many wire arguments an event must carry: its own, its stack, and its timestamp delta
 * (Batch, Frequency and TimerGoroutine have none; Stack has any number).
 */
export const V1_ARG_NUM: Uint8Array = (() => {
  const n = new Uint8Array(256);
  for (let t = 0; t < V1.Count; t++) {
    const desc = V1_DESCS[t]!;
    let k = desc.args.length + (desc.stack ? 1 : 0);
    if (t !== V1.Batch && t !== V1.Frequency && t !== V1.TimerGoroutine) k++;
    n[t] = k;
  }
  return n;
})();
