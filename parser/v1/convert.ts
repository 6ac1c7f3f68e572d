// Turns the validated old-format events into the Go 1.22+ event model, as Go's
// traceV1Converter does: most events map one to one; goroutines that existed before
// tracing began get GoStatus events, a GoSysCall becomes a syscall range (1 ns long unless
// the syscall blocked), a GoStartLabel becomes GoStart plus GoLabel, and no two events
// share a timestamp. It runs as one more replay of the events (parser/v1/replay.ts), making
// again the changes Go's postProcessTrace makes to them (validate.ts says which need its checks).

import { TraceError } from '../errors.js';
import { Ev, GoStatus, ProcStatus } from '../wire/specs.js';
import { StoreBuilder } from '../store-builder.js';
import { STACK_ARGS } from '../events.js';
import { V1, GC_P, NETPOLL_P } from './specs.js';
import { V1Replay } from './replay.js';
import type { PostProcessed } from './validate.js';
import { exactU64Of } from './wire.js';
import { Builtin, V1Tables } from './tables.js';
import { noteExact } from '../exact-args.js';
import { SUM, addTimes, afterLast } from '../exact-time.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const NO_TASK = -1;
const TWO_64 = 18446744073709551616;

/** Go's STWReason for a v1 kind ID: an offset from Builtin.STWUnknown. */
function stwReason(version: number, kind: number): number {
  if (version < 21) return kind === 0 || kind === 1 ? kind + 1 : 0;
  if (version === 21) return kind >= 0 && kind < 17 ? kind : 0;
  return 0;
}

export class V1Converter {
  /** Time of the last event emitted (Go's lastTs, starting at -1). */
  lastTs = -1;
  /** The exact last time when lastTs is not exact (times past 2^53: parser/exact-time.ts). */
  lastTsX: bigint | null = null;
  private preInit = true;
  /** Go iterates this in (random) map order; we use insertion order. */
  private createdPreInit: Set<number> | null = new Set();
  private tasks = new Map<number, { name: string; parent: number }>();
  private seenProcs = new Set<number>();
  private procMs = new Map<number, number>();
  private lastStwReason = 0;
  private args = new Float64Array(4);
  /** Stacks checked to have every frame's strings. */
  private goodStacks = new Set<number>();
  /** Goroutines created but not started yet → the stack of their GoCreate (its a1). */
  private createStacks = new Map<number, number>();

  constructor(
    private readonly ev: V1Replay,
    private readonly post: PostProcessed,
    private readonly tables: V1Tables,
    private readonly version: number,
    private readonly out: StoreBuilder,
  ) {}

  /** Emits an event at time + plus (Go's int64 ts + 1 for plus = 1), after the last one. */
  private emit(typ: number, time: number, g: number, p: number, m: number, n: number, plus = 0): void {
    let tx: bigint | null = null;
    const last = this.lastTs;
    if (this.lastTsX === null && time + plus <= MAX_SAFE && time + plus >= -MAX_SAFE && last < MAX_SAFE) {
      time += plus;
      if (time <= last) time = last + 1;
    } else {
      // (time is an exact double: Time(float64) of the ticks.)
      addTimes(time, null, plus, null);
      afterLast(SUM.t, SUM.tx, last, this.lastTsX);
      time = SUM.t;
      tx = SUM.tx;
    }
    this.lastTs = time;
    this.lastTsX = tx;
    const a = this.args;
    for (let k = 0; k < n; k++) {
      const v = a[k]!;
      if (v >= -1 && v <= Number.MAX_SAFE_INTEGER) continue;
      // Beyond a double: the exact uint64 rides beside the arguments (parser/exact-args.ts).
      // (A negative int64 view a double holds exactly is its uint64 minus 2^64, exactly.)
      const exact = exactU64Of(v) ?? (Number.isSafeInteger(v) ? BigInt(v) + (1n << 64n) : undefined);
      if (exact !== undefined) {
        noteExact(a, k, exact);
        a[k] = Number(exact);
      } else if (v < -1) a[k] = v + TWO_64;
    }
    // Only the stacks of events go tool trace prints (an event it drops is never printed).
    const stks = STACK_ARGS[typ]!;
    if (stks !== 0) for (let k = 0; k < n; k++) if (stks & (1 << k) && a[k] !== 0) this.checkStack(a[k]!);
    this.out.add(typ, time, g, p, m, a, null, tx);
  }

  private setArgs(a0: number, a1 = 0, a2 = 0, a3 = 0): void {
    const a = this.args;
    a[0] = a0;
    a[1] = a1;
    a[2] = a2;
    a[3] = a3;
  }

  /** Go panics printing a frame whose strings are missing; we stop with an error instead. */
  private checkStack(id: number): void {
    if (id === 0 || this.goodStacks.has(id)) return;
    const pcs = this.tables.stacks.get(id);
    if (pcs) {
      for (const pc of pcs) {
        const f = this.tables.pcs.get(pc)!;
        for (const s of [f.funcId, f.fileId]) {
          if (!this.tables.hasString(s)) throw new TraceError(`found invalid string ID ${s} in a frame of stack ${id}`);
        }
      }
    }
    this.goodStacks.add(id);
  }

  /** Converts every event, in order, into the store. */
  run(): void {
    const ev = this.ev;
    const t = this.tables;
    const { blocked, netpoll } = this.post;
    const stacks = this.tables.stacks;
    const createStacks = this.createStacks;
    while (ev.next()) {
      const i = ev.k;
      const typ = ev.typ;
      const ts = ev.ts;
      const g = ev.g;
      const a0 = ev.a0;
      const a1 = ev.a1;
      const a2 = ev.a2;
      // What postProcessTrace changes: GC events go to the GC P, network unblocks to the
      // netpoll P; a goroutine's first GoStart takes its GoCreate's stack; stacks with no
      // frames are dropped.
      let p = ev.p;
      if (typ === V1.GCStart) p = GC_P;
      else if (netpoll !== null && typ === V1.GoUnblock && netpoll.has(i)) p = NETPOLL_P;
      let stk = ev.stk;
      if (typ === V1.GoCreate) createStacks.set(a0, a1 >>> 0);
      else if ((typ === V1.GoStart || typ === V1.GoStartLabel) && createStacks.size !== 0) {
        const s = createStacks.get(g);
        if (s !== undefined) {
          stk = s;
          createStacks.delete(g);
        }
      }
      if (stk !== 0 && !stacks.has(stk)) stk = 0;
      let mapped: number;
      let nargs = 0;
      switch (typ) {
        case V1.Gomaxprocs:
          if (this.preInit) {
            // The first Gomaxprocs ends the trace's initialization: goroutines created
            // before it with no GoWaiting/GoInSyscall/GoStart were runnable (or idle).
            this.preInit = false;
            for (const gid of this.createdPreInit!) {
              this.setArgs(gid, -1, GoStatus.Runnable);
              this.emit(Ev.GoStatus, ts, -1, -1, -1, 3);
            }
            this.createdPreInit = null;
            continue;
          }
          mapped = Ev.ProcsChange;
          this.setArgs(a0, stk);
          nargs = 2;
          break;
        case V1.ProcStart:
          this.procMs.set(p, a0);
          if (this.seenProcs.has(p)) {
            mapped = Ev.ProcStart;
            this.setArgs(p, 0);
            nargs = 2;
          } else {
            this.seenProcs.add(p);
            mapped = Ev.ProcStatus;
            this.setArgs(p, ProcStatus.Running, 0);
            nargs = 3;
          }
          break;
        case V1.ProcStop:
          if (this.seenProcs.has(p)) {
            mapped = Ev.ProcStop;
          } else {
            this.seenProcs.add(p);
            mapped = Ev.ProcStatus;
            this.setArgs(p, ProcStatus.Idle, 0);
            nargs = 3;
          }
          break;
        case V1.GCStart:
          mapped = Ev.GCBegin;
          this.setArgs(a0, stk);
          nargs = 2;
          break;
        case V1.GCDone:
          mapped = Ev.GCEnd;
          this.setArgs(a0);
          nargs = 1;
          break;
        case V1.STWStart: {
          const sid = t.builtin(Builtin.STWUnknown + stwReason(this.version, a0));
          this.lastStwReason = sid;
          mapped = Ev.STWBegin;
          this.setArgs(sid, 0);
          nargs = 2;
          break;
        }
        case V1.STWDone:
          mapped = Ev.STWEnd;
          this.setArgs(this.lastStwReason);
          nargs = 1;
          break;
        case V1.GCSweepStart:
          mapped = Ev.GCSweepBegin;
          this.setArgs(stk);
          nargs = 1;
          break;
        case V1.GCSweepDone:
          mapped = Ev.GCSweepEnd;
          this.setArgs(a0, a1);
          nargs = 2;
          break;
        case V1.GoCreate:
          if (this.preInit) {
            this.createdPreInit!.add(a0);
            continue;
          }
          mapped = Ev.GoCreate;
          this.setArgs(a0, a1, stk);
          nargs = 3;
          break;
        case V1.GoStart:
          if (this.preInit) {
            mapped = Ev.GoStatus;
            this.setArgs(a0, -1, GoStatus.Running);
            nargs = 3;
            this.createdPreInit!.delete(a0);
          } else {
            mapped = Ev.GoStart;
            this.setArgs(a0, a1);
            nargs = 2;
          }
          break;
        case V1.GoStartLabel: {
          // Go gives these two events the P's thread without a NoThread default, and G as is.
          const m = this.procMs.get(p) ?? 0;
          this.setArgs(a0, a1);
          this.emit(Ev.GoStart, ts, g, p, m, 2);
          this.setArgs(a2);
          this.emit(Ev.GoLabel, ts, g, p, m, 1);
          continue;
        }
        case V1.GoEnd:
          mapped = Ev.GoDestroy;
          break;
        case V1.GoStop:
          mapped = this.block(Builtin.Forever, stk);
          nargs = 2;
          break;
        case V1.GoSched:
          mapped = Ev.GoStop;
          this.setArgs(t.builtin(Builtin.Gosched), stk);
          nargs = 2;
          break;
        case V1.GoPreempt:
          mapped = Ev.GoStop;
          this.setArgs(t.builtin(Builtin.Preempted), stk);
          nargs = 2;
          break;
        case V1.GoSleep:
          mapped = this.block(Builtin.Sleep, stk);
          nargs = 2;
          break;
        case V1.GoBlock:
          mapped = this.block(Builtin.Empty, stk);
          nargs = 2;
          break;
        case V1.GoUnblock:
          mapped = Ev.GoUnblock;
          this.setArgs(a0, a1, stk);
          nargs = 3;
          break;
        case V1.GoBlockSend:
          mapped = this.block(Builtin.ChanSend, stk);
          nargs = 2;
          break;
        case V1.GoBlockRecv:
          mapped = this.block(Builtin.ChanRecv, stk);
          nargs = 2;
          break;
        case V1.GoBlockSelect:
          mapped = this.block(Builtin.Select, stk);
          nargs = 2;
          break;
        case V1.GoBlockSync:
          mapped = this.block(Builtin.Sync, stk);
          nargs = 2;
          break;
        case V1.GoBlockCond:
          mapped = this.block(Builtin.SyncCond, stk);
          nargs = 2;
          break;
        case V1.GoBlockNet:
          mapped = this.block(Builtin.Network, stk);
          nargs = 2;
          break;
        case V1.GoBlockGC:
          mapped = this.block(Builtin.MarkAssistWait, stk);
          nargs = 2;
          break;
        case V1.GoSysCall:
          mapped = Ev.GoSyscallBegin;
          this.setArgs(0, stk);
          nargs = 2;
          if (blocked === null || !blocked.has(i)) {
            // A syscall that did not block: a 1 ns range on the P's thread (no NoThread default).
            const m = this.procMs.get(p) ?? 0;
            this.emit(Ev.GoSyscallBegin, ts, g, p, m, 2);
            this.emit(Ev.GoSyscallEnd, ts, g, p, m, 0, 1);
            continue;
          }
          break;
        case V1.GoSysExit:
          mapped = Ev.GoSyscallEndBlocked;
          break;
        case V1.GoSysBlock:
          continue;
        case V1.GoWaiting:
          mapped = Ev.GoStatus;
          this.setArgs(a0, -1, GoStatus.Waiting);
          nargs = 3;
          this.createdPreInit?.delete(a0);
          break;
        case V1.GoInSyscall:
          // Old traces do not say which thread the syscall is on.
          mapped = Ev.GoStatus;
          this.setArgs(a0, -1, GoStatus.Syscall);
          nargs = 3;
          this.createdPreInit?.delete(a0);
          break;
        case V1.HeapAlloc:
          mapped = Ev.HeapAlloc;
          this.setArgs(a0);
          nargs = 1;
          break;
        case V1.HeapGoal:
          mapped = Ev.HeapGoal;
          this.setArgs(a0);
          nargs = 1;
          break;
        case V1.GCMarkAssistStart:
          mapped = Ev.GCMarkAssistBegin;
          this.setArgs(stk);
          nargs = 1;
          break;
        case V1.GCMarkAssistDone:
          mapped = Ev.GCMarkAssistEnd;
          break;
        case V1.UserTaskCreate:
          mapped = Ev.UserTaskBegin;
          this.setArgs(a0, a1 === 0 ? NO_TASK : a1, a2, stk);
          nargs = 4;
          this.tasks.set(a0, { name: t.stringOrEmpty(a2), parent: a1 });
          break;
        case V1.UserTaskEnd: {
          // The parent (as the create event had it: 0 stays 0) and the name ride along.
          mapped = Ev.UserTaskEnd;
          const task = this.tasks.get(a0);
          if (task) {
            this.tasks.delete(a0);
            this.setArgs(a0, stk, task.parent, this.out.taskNameId(task.name));
          } else {
            this.setArgs(a0, stk, NO_TASK, 0);
          }
          nargs = 4;
          break;
        }
        case V1.UserRegion:
          if (a1 === 0) mapped = Ev.UserRegionBegin;
          else if (a1 === 1) mapped = Ev.UserRegionEnd;
          else throw new TraceError(`unexpected event type ${typ}`);
          this.setArgs(a0, a2, stk);
          nargs = 3;
          break;
        case V1.UserLog:
          mapped = Ev.UserLog;
          this.setArgs(a0, a1, t.inlineId(a2), stk);
          nargs = 4;
          break;
        case V1.CPUSample:
          mapped = Ev.CPUSample;
          this.setArgs(stk);
          nargs = 1;
          break;
        default:
          throw new TraceError(`unexpected event type ${typ}`);
      }
      let m = -1;
      if (p !== -1 && typ !== V1.CPUSample) m = this.procMs.get(p) ?? -1;
      if (typ === V1.ProcStop) this.procMs.delete(p);
      this.emit(mapped, ts, g === 0 ? -1 : g, p, m, nargs);
    }
  }

  private block(reason: number, stk: number): number {
    this.setArgs(this.tables.builtin(reason), stk);
    return Ev.GoBlock;
  }
}
