// The wire-format event table of Go 1.22+ traces: every event type's number, name,
// argument names and role (timed, stack, string data), and which versions carry it.

export const enum Ev {
  None = 0,
  EventBatch = 1,
  Stacks = 2,
  Stack = 3,
  Strings = 4,
  String = 5,
  CPUSamples = 6,
  CPUSample = 7,
  Frequency = 8,
  ProcsChange = 9,
  ProcStart = 10,
  ProcStop = 11,
  ProcSteal = 12,
  ProcStatus = 13,
  GoCreate = 14,
  GoCreateSyscall = 15,
  GoStart = 16,
  GoDestroy = 17,
  GoDestroySyscall = 18,
  GoStop = 19,
  GoBlock = 20,
  GoUnblock = 21,
  GoSyscallBegin = 22,
  GoSyscallEnd = 23,
  GoSyscallEndBlocked = 24,
  GoStatus = 25,
  STWBegin = 26,
  STWEnd = 27,
  GCActive = 28,
  GCBegin = 29,
  GCEnd = 30,
  GCSweepActive = 31,
  GCSweepBegin = 32,
  GCSweepEnd = 33,
  GCMarkAssistActive = 34,
  GCMarkAssistBegin = 35,
  GCMarkAssistEnd = 36,
  HeapAlloc = 37,
  HeapGoal = 38,
  GoLabel = 39,
  UserTaskBegin = 40,
  UserTaskEnd = 41,
  UserRegionBegin = 42,
  UserRegionEnd = 43,
  UserLog = 44,
  GoSwitch = 45,
  GoSwitchDestroy = 46,
  GoCreateBlocked = 47,
  GoStatusStack = 48,
  ExperimentalBatch = 49,
  Sync = 50,
  ClockSnapshot = 51,
  EndOfGeneration = 52,
  NumEvents = 53,
  // Experimental events (AllocFree experiment).
  MaxEvent = 127,
  Span = 128,
  SpanAlloc = 129,
  SpanFree = 130,
  HeapObject = 131,
  HeapObjectAlloc = 132,
  HeapObjectFree = 133,
  GoroutineStack = 134,
  GoroutineStackAlloc = 135,
  GoroutineStackFree = 136,
  MaxExperimentalEvent = 137,
  /** Not on the wire: the reader's own Sync event, emitted once per generation and at the end. */
  ReaderSync = 255,
}

export interface EventSpec {
  name: string;
  /** Argument names; for timed events the first is the timestamp delta "dt". */
  args: string[];
  /** Indices into args (dt included) of string-ID arguments. */
  stringIds: number[];
  /** Indices into args (dt included) of stack-ID arguments; the first is the event's own stack. */
  stackIds: number[];
  /** For the end event of a range, the type of its begin event. */
  startEv: number;
  timed: boolean;
  hasData: boolean;
  isStack: boolean;
  experiment: number;
}

function spec(name: string, args: string[], o: Partial<EventSpec> = {}): EventSpec {
  return {
    name,
    args,
    stringIds: o.stringIds ?? [],
    stackIds: o.stackIds ?? [],
    startEv: o.startEv ?? 0,
    timed: o.timed ?? false,
    hasData: o.hasData ?? false,
    isStack: o.isStack ?? false,
    experiment: o.experiment ?? 0,
  };
}

const T = { timed: true };
const AllocFree = 1;

function buildSpecs(): EventSpec[] {
  const s: EventSpec[] = [];
  const empty = spec('', []);
  for (let i = 0; i < Ev.MaxExperimentalEvent; i++) s.push(empty);
  s[Ev.EventBatch] = spec('EventBatch', ['gen', 'm', 'time', 'size']);
  s[Ev.Stacks] = spec('Stacks', []);
  s[Ev.Stack] = spec('Stack', ['id', 'nframes'], { isStack: true });
  s[Ev.Strings] = spec('Strings', []);
  s[Ev.String] = spec('String', ['id'], { hasData: true });
  s[Ev.CPUSamples] = spec('CPUSamples', []);
  s[Ev.CPUSample] = spec('CPUSample', ['time', 'm', 'p', 'g', 'stack'], { stackIds: [4] });
  s[Ev.Frequency] = spec('Frequency', ['freq']);
  s[Ev.ExperimentalBatch] = spec('ExperimentalBatch', ['exp', 'gen', 'm', 'time'], { hasData: true });
  s[Ev.Sync] = spec('Sync', []);
  s[Ev.EndOfGeneration] = spec('EndOfGeneration', []);

  s[Ev.ProcsChange] = spec('ProcsChange', ['dt', 'procs_value', 'stack'], { ...T, stackIds: [2] });
  s[Ev.ProcStart] = spec('ProcStart', ['dt', 'p', 'p_seq'], T);
  s[Ev.ProcStop] = spec('ProcStop', ['dt'], T);
  s[Ev.ProcSteal] = spec('ProcSteal', ['dt', 'p', 'p_seq', 'm'], T);
  s[Ev.ProcStatus] = spec('ProcStatus', ['dt', 'p', 'pstatus'], T);
  s[Ev.GoCreate] = spec('GoCreate', ['dt', 'new_g', 'new_stack', 'stack'], { ...T, stackIds: [3, 2] });
  s[Ev.GoCreateSyscall] = spec('GoCreateSyscall', ['dt', 'new_g'], T);
  s[Ev.GoStart] = spec('GoStart', ['dt', 'g', 'g_seq'], T);
  s[Ev.GoDestroy] = spec('GoDestroy', ['dt'], T);
  s[Ev.GoDestroySyscall] = spec('GoDestroySyscall', ['dt'], T);
  s[Ev.GoStop] = spec('GoStop', ['dt', 'reason_string', 'stack'], { ...T, stackIds: [2], stringIds: [1] });
  s[Ev.GoBlock] = spec('GoBlock', ['dt', 'reason_string', 'stack'], { ...T, stackIds: [2], stringIds: [1] });
  s[Ev.GoUnblock] = spec('GoUnblock', ['dt', 'g', 'g_seq', 'stack'], { ...T, stackIds: [3] });
  s[Ev.GoSyscallBegin] = spec('GoSyscallBegin', ['dt', 'p_seq', 'stack'], { ...T, stackIds: [2] });
  s[Ev.GoSyscallEnd] = spec('GoSyscallEnd', ['dt'], { ...T, startEv: Ev.GoSyscallBegin });
  s[Ev.GoSyscallEndBlocked] = spec('GoSyscallEndBlocked', ['dt'], { ...T, startEv: Ev.GoSyscallBegin });
  s[Ev.GoStatus] = spec('GoStatus', ['dt', 'g', 'm', 'gstatus'], T);
  s[Ev.STWBegin] = spec('STWBegin', ['dt', 'kind_string', 'stack'], { ...T, stackIds: [2], stringIds: [1] });
  s[Ev.STWEnd] = spec('STWEnd', ['dt'], { ...T, startEv: Ev.STWBegin });
  s[Ev.GCActive] = spec('GCActive', ['dt', 'gc_seq'], { ...T, startEv: Ev.GCBegin });
  s[Ev.GCBegin] = spec('GCBegin', ['dt', 'gc_seq', 'stack'], { ...T, stackIds: [2] });
  s[Ev.GCEnd] = spec('GCEnd', ['dt', 'gc_seq'], { ...T, startEv: Ev.GCBegin });
  s[Ev.GCSweepActive] = spec('GCSweepActive', ['dt', 'p'], { ...T, startEv: Ev.GCSweepBegin });
  s[Ev.GCSweepBegin] = spec('GCSweepBegin', ['dt', 'stack'], { ...T, stackIds: [1] });
  s[Ev.GCSweepEnd] = spec('GCSweepEnd', ['dt', 'swept_value', 'reclaimed_value'], { ...T, startEv: Ev.GCSweepBegin });
  s[Ev.GCMarkAssistActive] = spec('GCMarkAssistActive', ['dt', 'g'], { ...T, startEv: Ev.GCMarkAssistBegin });
  s[Ev.GCMarkAssistBegin] = spec('GCMarkAssistBegin', ['dt', 'stack'], { ...T, stackIds: [1] });
  s[Ev.GCMarkAssistEnd] = spec('GCMarkAssistEnd', ['dt'], { ...T, startEv: Ev.GCMarkAssistBegin });
  s[Ev.HeapAlloc] = spec('HeapAlloc', ['dt', 'heapalloc_value'], T);
  s[Ev.HeapGoal] = spec('HeapGoal', ['dt', 'heapgoal_value'], T);
  s[Ev.GoLabel] = spec('GoLabel', ['dt', 'label_string'], { ...T, stringIds: [1] });
  s[Ev.UserTaskBegin] = spec('UserTaskBegin', ['dt', 'task', 'parent_task', 'name_string', 'stack'], {
    ...T,
    stackIds: [4],
    stringIds: [3],
  });
  s[Ev.UserTaskEnd] = spec('UserTaskEnd', ['dt', 'task', 'stack'], { ...T, stackIds: [2] });
  s[Ev.UserRegionBegin] = spec('UserRegionBegin', ['dt', 'task', 'name_string', 'stack'], {
    ...T,
    stackIds: [3],
    stringIds: [2],
  });
  s[Ev.UserRegionEnd] = spec('UserRegionEnd', ['dt', 'task', 'name_string', 'stack'], {
    ...T,
    startEv: Ev.UserRegionBegin,
    stackIds: [3],
    stringIds: [2],
  });
  s[Ev.UserLog] = spec('UserLog', ['dt', 'task', 'key_string', 'value_string', 'stack'], {
    ...T,
    stackIds: [4],
    stringIds: [2, 3],
  });
  s[Ev.GoSwitch] = spec('GoSwitch', ['dt', 'g', 'g_seq'], T);
  s[Ev.GoSwitchDestroy] = spec('GoSwitchDestroy', ['dt', 'g', 'g_seq'], T);
  s[Ev.GoCreateBlocked] = spec('GoCreateBlocked', ['dt', 'new_g', 'new_stack', 'stack'], { ...T, stackIds: [3, 2] });
  s[Ev.GoStatusStack] = spec('GoStatusStack', ['dt', 'g', 'm', 'gstatus', 'stack'], { ...T, stackIds: [4] });
  s[Ev.ClockSnapshot] = spec('ClockSnapshot', ['dt', 'mono', 'sec', 'nsec'], T);

  const X = { ...T, experiment: AllocFree };
  s[Ev.Span] = spec('Span', ['dt', 'id', 'npages_value', 'kindclass'], X);
  s[Ev.SpanAlloc] = spec('SpanAlloc', ['dt', 'id', 'npages_value', 'kindclass'], X);
  s[Ev.SpanFree] = spec('SpanFree', ['dt', 'id'], X);
  s[Ev.HeapObject] = spec('HeapObject', ['dt', 'id', 'type'], X);
  s[Ev.HeapObjectAlloc] = spec('HeapObjectAlloc', ['dt', 'id', 'type'], X);
  s[Ev.HeapObjectFree] = spec('HeapObjectFree', ['dt', 'id'], X);
  s[Ev.GoroutineStack] = spec('GoroutineStack', ['dt', 'id', 'order'], X);
  s[Ev.GoroutineStackAlloc] = spec('GoroutineStackAlloc', ['dt', 'id', 'order'], X);
  s[Ev.GoroutineStackFree] = spec('GoroutineStackFree', ['dt', 'id'], X);
  return s;
}

/** Every event spec, indexed by wire type (the Go 1.26 set). */
export const SPECS: readonly EventSpec[] = buildSpecs();

export const EXPERIMENTS = ['None', 'AllocFree'];

/** Number of argument slots an event carries (timed args minus dt, plus room for the reader's extras). */
export const MAX_TIMED_ARGS = 4;

/** Trace format versions (the N of "go 1.N trace"). */
export const enum Version {
  Go111 = 11,
  Go119 = 19,
  Go121 = 21,
  Go122 = 22,
  Go123 = 23,
  Go125 = 25,
  Go126 = 26,
}

const V2_SPEC_COUNT: Record<number, number> = {
  22: Ev.UserLog + 1,
  23: Ev.ExperimentalBatch + 1,
  25: Ev.ClockSnapshot + 1,
  26: SPECS.length,
};

export function isValidVersion(v: number): boolean {
  return v === 11 || v === 19 || v === 21 || v in V2_SPEC_COUNT;
}

export function isV1Version(v: number): boolean {
  return v === 11 || v === 19 || v === 21;
}

/** The events a trace of version v may contain (empty for the old v1 formats). */
export function specsFor(v: number): readonly EventSpec[] {
  const n = V2_SPEC_COUNT[v];
  return n === undefined ? [] : SPECS.slice(0, n);
}

export function isExperimental(typ: number): boolean {
  return typ > Ev.MaxEvent && typ < Ev.MaxExperimentalEvent;
}

/** Go status numbers on the wire. */
export const enum GoStatus {
  Bad = 0,
  Runnable = 1,
  Running = 2,
  Syscall = 3,
  Waiting = 4,
}

export const enum ProcStatus {
  Bad = 0,
  Running = 1,
  Idle = 2,
  Syscall = 3,
  SyscallAbandoned = 4,
}

export const GO_STATUS_NAMES = ['Bad', 'Runnable', 'Running', 'Syscall', 'Waiting'];
export const PROC_STATUS_NAMES = ['Bad', 'Running', 'Idle', 'Syscall', 'Bad'];

export const MAX_BATCH_SIZE = 64 << 10;
export const MAX_FRAMES_PER_STACK = 128;
export const MAX_EVENT_TRAILER_DATA_SIZE = 1 << 10;
