// Reads the meaning out of a stored event: its stack, the state transition it describes,
// its range name and scope, metric name, task/region/log fields. Shared by the dumps and
// the analyses, so both read events the same way.

import { Ev, GoStatus, ProcStatus, SPECS } from './wire/specs.js';
import { Chunk, EventStore, GO_STATUS_TO_STATE, GoState, PROC_STATUS_TO_STATE, ProcState } from './events.js';

export const enum Resource {
  None = 0,
  Goroutine = 1,
  Proc = 2,
  Thread = 3,
}
export const RESOURCE_NAMES = ['None', 'Goroutine', 'Proc', 'Thread'];

/** A decoded state transition; filled in place to avoid allocation in hot loops. */
export interface Transition {
  resource: Resource;
  id: number;
  from: number;
  to: number;
  /** Reason string id (0 for none). */
  reason: number;
  /** Stack id of the transitioning resource (0 for none). */
  stack: number;
  /**
   * Whether the transition carries a stack at all. Go's goroutine creation always does,
   * even an empty one (stack id 0), and go tool trace prints its header then.
   */
  hasStack: boolean;
}

export function newTransition(): Transition {
  return { resource: Resource.None, id: 0, from: 0, to: 0, reason: 0, stack: 0, hasStack: false };
}

const MAIN_STACK_ARG = SPECS.map((s) => (s.stackIds.length > 0 ? s.stackIds[0]! - 1 : -1));
MAIN_STACK_ARG[Ev.CPUSample] = 0;

/** The event's own stack (the executing context's), 0 if none. */
export function eventStack(c: Chunk, i: number): number {
  const typ = c.typ[i]!;
  if (typ === Ev.ReaderSync) return 0;
  const k = MAIN_STACK_ARG[typ]!;
  return k < 0 ? 0 : c.stack(c.arg(i, k));
}

/** The goroutine, proc and thread executing when event i happened (-1 = none). */
export function ctxG(_s: EventStore, c: Chunk, i: number): number {
  return c.ctxG[c.ctx[i]!]!;
}
export function ctxP(_s: EventStore, c: Chunk, i: number): number {
  return c.ctxP[c.ctx[i]!]!;
}
export function ctxM(_s: EventStore, c: Chunk, i: number): number {
  return c.ctxM[c.ctx[i]!]!;
}

/** Decodes the state transition of event i (which must be of Kind.StateTransition) into t. */
export function readTransition(s: EventStore, c: Chunk, i: number, t: Transition): void {
  const typ = c.typ[i]!;
  t.reason = 0;
  t.stack = 0;
  t.hasStack = false;
  switch (typ) {
    case Ev.ProcStart:
      return set(t, Resource.Proc, c.arg(i, 0), ProcState.Idle, ProcState.Running);
    case Ev.ProcStop:
      return set(t, Resource.Proc, ctxP(s, c, i), ProcState.Running, ProcState.Idle);
    case Ev.ProcSteal: {
      const before = c.arg(i, 3) === ProcStatus.SyscallAbandoned ? ProcState.Idle : ProcState.Running;
      return set(t, Resource.Proc, c.arg(i, 0), before, ProcState.Idle);
    }
    case Ev.ProcStatus:
      return set(t, Resource.Proc, c.arg(i, 0), c.arg(i, 2), PROC_STATUS_TO_STATE[c.arg(i, 1)]!);
    case Ev.GoCreate:
    case Ev.GoCreateBlocked:
      set(t, Resource.Goroutine, c.arg(i, 0), GoState.NotExist, typ === Ev.GoCreateBlocked ? GoState.Waiting : GoState.Runnable);
      t.stack = c.stack(c.arg(i, 1));
      t.hasStack = true;
      return;
    case Ev.GoCreateSyscall:
      return set(t, Resource.Goroutine, c.arg(i, 0), GoState.NotExist, GoState.Syscall);
    case Ev.GoStart:
      return set(t, Resource.Goroutine, c.arg(i, 0), GoState.Runnable, GoState.Running);
    case Ev.GoDestroy:
      return set(t, Resource.Goroutine, ctxG(s, c, i), GoState.Running, GoState.NotExist);
    case Ev.GoDestroySyscall:
      return set(t, Resource.Goroutine, ctxG(s, c, i), GoState.Syscall, GoState.NotExist);
    case Ev.GoStop:
    case Ev.GoBlock:
      set(t, Resource.Goroutine, ctxG(s, c, i), GoState.Running, typ === Ev.GoStop ? GoState.Runnable : GoState.Waiting);
      t.reason = c.str(c.arg(i, 0));
      t.stack = c.stack(c.arg(i, 1));
      return;
    case Ev.GoUnblock:
    case Ev.GoSwitch:
    case Ev.GoSwitchDestroy:
      return set(t, Resource.Goroutine, c.arg(i, 0), GoState.Waiting, GoState.Runnable);
    case Ev.GoSyscallBegin:
      set(t, Resource.Goroutine, ctxG(s, c, i), GoState.Running, GoState.Syscall);
      t.stack = c.stack(c.arg(i, 1));
      return;
    case Ev.GoSyscallEnd:
      return set(t, Resource.Goroutine, ctxG(s, c, i), GoState.Syscall, GoState.Running);
    case Ev.GoSyscallEndBlocked:
      return set(t, Resource.Goroutine, ctxG(s, c, i), GoState.Syscall, GoState.Runnable);
    case Ev.GoStatus:
    case Ev.GoStatusStack: {
      const packed = c.arg(i, 2);
      const from = Math.floor(packed / 4294967296);
      const to = GO_STATUS_TO_STATE[packed % 4294967296]!;
      set(t, Resource.Goroutine, c.arg(i, 0), from, to);
      if (typ === Ev.GoStatusStack) t.stack = c.stack(c.arg(i, 3));
      return;
    }
  }
  t.resource = Resource.None;
}

function set(t: Transition, resource: Resource, id: number, from: number, to: number): void {
  t.resource = resource;
  t.id = id;
  t.from = from;
  t.to = to;
}

export const METRIC_NAMES: Record<number, string> = {
  [Ev.ProcsChange]: '/sched/gomaxprocs:threads',
  [Ev.HeapAlloc]: '/memory/classes/heap/objects:bytes',
  [Ev.HeapGoal]: '/gc/heap/goal:bytes',
};

/** Range name and scope of a RangeBegin/Active/End event. */
export function readRange(s: EventStore, c: Chunk, i: number): { name: string; scope: Resource; id: number } {
  const typ = c.typ[i]!;
  switch (typ) {
    case Ev.STWBegin:
    case Ev.STWEnd:
      return { name: `stop-the-world (${s.strings[c.str(c.arg(i, 0))]})`, scope: Resource.Goroutine, id: ctxG(s, c, i) };
    case Ev.GCBegin:
    case Ev.GCActive:
    case Ev.GCEnd:
      return { name: 'GC concurrent mark phase', scope: Resource.None, id: 0 };
    case Ev.GCSweepBegin:
    case Ev.GCSweepActive:
    case Ev.GCSweepEnd:
      return {
        name: 'GC incremental sweep',
        scope: Resource.Proc,
        id: typ === Ev.GCSweepActive ? c.arg(i, 0) : ctxP(s, c, i),
      };
    default:
      return {
        name: 'GC mark assist',
        scope: Resource.Goroutine,
        id: typ === Ev.GCMarkAssistActive ? c.arg(i, 0) : ctxG(s, c, i),
      };
  }
}

/** Task id, parent id (-1 = none) and type of a TaskBegin/TaskEnd event. */
export function readTask(s: EventStore, c: Chunk, i: number): { id: number; parent: number; type: string } {
  const typ = c.typ[i]!;
  const type = s.strings[taskTypeString(c, i)]!;
  if (typ === Ev.UserTaskBegin) return { id: c.arg(i, 0), parent: c.arg(i, 1), type };
  return { id: c.arg(i, 0), parent: c.arg(i, 2), type };
}

/** Task id, type and message (string ids are resolved) of a region or log event. */
export function readRegion(s: EventStore, c: Chunk, i: number): { task: number; type: string } {
  return { task: c.arg(i, 0), type: s.strings[regionTypeString(c, i)]! };
}

export function readLog(s: EventStore, c: Chunk, i: number): { task: number; category: string; message: string } {
  return { task: c.arg(i, 0), category: s.strings[logCategoryString(c, i)]!, message: s.strings[logMessageString(c, i)]! };
}

/** The string ids (into the store's strings) that readTask, readRegion and readLog resolve. */
export function taskTypeString(c: Chunk, i: number): number {
  return c.str(c.arg(i, c.typ[i] === Ev.UserTaskBegin ? 2 : 3));
}
export function regionTypeString(c: Chunk, i: number): number {
  return c.str(c.arg(i, 1));
}
export function logCategoryString(c: Chunk, i: number): number {
  return c.str(c.arg(i, 1));
}
export function logMessageString(c: Chunk, i: number): number {
  return c.str(c.arg(i, 2));
}

/** The label string of a Label event. */
export function readLabel(s: EventStore, c: Chunk, i: number): string {
  return s.strings[c.str(c.arg(i, 0))]!;
}

export { GoStatus };
