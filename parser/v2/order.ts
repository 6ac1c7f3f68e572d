// The ordering state machine: emulates the scheduler state of goroutines, procs and threads
// to decide whether an event can happen next, validating the trace as it goes. It follows
// the rules of Go's internal/trace order.go, so events come out in the same order.

import { Ev, GoStatus, ProcStatus, SPECS, GO_STATUS_NAMES, PROC_STATUS_NAMES } from '../wire/specs.js';
import { TraceError } from '../errors.js';
import { argI64Text, exactArg, idText, u8Arg, uidText } from '../exact-args.js';
import { BaseEvent } from './batch-cursor.js';
import { Generation } from './generation.js';
import { GO_STATUS_TO_STATE, GoState, PROC_STATUS_TO_STATE, ProcState } from '../events.js';
import { Speculation, CARRIED, Assume } from './speculation.js';
import { IdMap } from '../id-table.js';

export const NO_G = -1;
export const NO_P = -1;
export const NO_M = -1;
/** TaskID(^uint64(0)), decoded as -1. */
export const NO_TASK = -1;

interface RangeType {
  typ: number;
  desc: number;
}

interface UserRegion {
  task: number;
  name: string;
}

export class GState {
  seqGen = 0;
  seq = 0;
  regions: UserRegion[] = [];
  inFlight: RangeType[] = [];
  /** Speculative mode: a non-activating range op on this goroutine was already recorded. */
  rangeSeen = false;
  constructor(
    readonly id: number,
    public status: number,
    gen: number,
  ) {
    this.seqGen = gen;
  }
}

export class PState {
  seqGen = 0;
  seq = 0;
  inFlight: RangeType[] = [];
  /** Speculative mode: a non-activating range op on this proc was already recorded. */
  rangeSeen = false;
  constructor(
    readonly id: number,
    public status: number,
    gen: number,
  ) {
    this.seqGen = gen;
  }
}

export class MState {
  g = NO_G;
  p = NO_P;
  /** The sink's cache of the context id for (cacheG, cacheP, this thread). */
  cacheG = NaN;
  cacheP = NaN;
  cacheId = 0;
  cacheEpoch = -1;
  cacheMap: Map<number, number> | null = null;
  constructor(readonly m: number) {}
}

/**
 * Where ordered events go, in order. Go's reader queues them and hands them out one per
 * call; we pass each on as soon as the ordering accepts it, which is the same order.
 */
export interface EventSink {
  /** Index the next emitted event will have in its chunk (for speculation patches). */
  nextIndex(): number;
  /** ms is the thread state whose context (g, p, m) the event carries, or null if retargeted. */
  emit(typ: number, time: number, g: number, p: number, m: number, args: Float64Array, ms: MState | null): void;
  /** The number a UserTaskEnd carries its task's name as (in its argument 3), for the sink to resolve. */
  taskName(name: string): number;
}

export const enum GC {
  Undetermined = 0,
  NotRunning = 1,
  Running = 2,
}

const enum Req {
  MustNotHave = 0,
  MayHave = 1,
  MustHave = 2,
}

type Handler = (o: Ordering, ev: BaseEvent, gen: Generation, m: number, g: number, p: number) => boolean;

export class Ordering {
  gStates = new IdMap<GState>();
  pStates = new IdMap<PState>();
  mStates = new Map<number, MState>();
  activeTasks = new Map<number, { name: string; parent: number }>();
  gcSeq = 0;
  gcState = GC.Undetermined;
  initialGen = 0;
  /** The thread state of the event being advanced (for the sink's context cache). */
  private curMs: MState | null = null;
  /**
   * Set when this ordering runs one generation on its own: threads start with CARRIED
   * contexts, and every decision that depends on inherited state is recorded here.
   */
  spec: Speculation | null = null;
  /** In speculative mode: whether the generation really is the trace's first. */
  trueInitial = true;

  constructor(
    readonly versionSpecCount: number,
    private readonly sink: EventSink,
  ) {}

  /** Context after the handler ran (the handler sets these). */
  newG = NO_G;
  newP = NO_P;

  /**
   * Tries to advance ev, which came from thread m. Returns true if it (and maybe others)
   * were emitted, false if some other thread must advance first; throws on a broken trace.
   */
  advance(ev: BaseEvent, gen: Generation, m: number): boolean {
    return this.advanceOn(ev, gen, m, m !== NO_M ? this.mState(m) : null);
  }

  /** Thread m's state, created on first sight. Never replaced afterwards, so callers may keep it. */
  mState(m: number): MState {
    let ms = this.mStates.get(m);
    if (!ms) {
      ms = new MState(m);
      if (this.spec && !this.trueInitial) {
        ms.g = CARRIED;
        ms.p = CARRIED;
      }
      this.mStates.set(m, ms);
    }
    return ms;
  }

  /** advance, given thread m's state (mState(m); null for no thread). */
  advanceOn(ev: BaseEvent, gen: Generation, m: number, ms: MState | null): boolean {
    if (this.initialGen === 0) this.initialGen = gen.gen;
    let g = NO_G;
    let p = NO_P;
    if (ms !== null) {
      g = ms.g;
      p = ms.p;
    }
    const h = HANDLERS[ev.typ];
    if (!h) throw new TraceError(`bad event type found while ordering: ${ev.typ}`);
    this.newG = g;
    this.newP = p;
    this.curMs = ms;
    const ok = h(this, ev, gen, m, g, p);
    if (ok && ms !== null) {
      ms.g = this.newG;
      ms.p = this.newP;
    }
    return ok;
  }

  push(typ: number, time: number, g: number, p: number, m: number, args: Float64Array): void {
    const ms = this.curMs;
    this.sink.emit(typ, time, g, p, m, args, ms !== null && ms.m === m ? ms : null);
  }

  /** The number a UserTaskEnd carries its task's name as (EventSink.taskName). */
  taskName(name: string): number {
    return this.sink.taskName(name);
  }

  /** Chunk index of the next event this ordering emits. */
  nextIndex(): number {
    return this.sink.nextIndex();
  }

  /** Speculative mode on a generation that is not the trace's first. */
  get speculating(): boolean {
    return this.spec !== null && !this.trueInitial;
  }

  pushEv(ev: BaseEvent, g: number, p: number, m: number): void {
    this.push(ev.typ, ev.time, g, p, m, ev.args);
  }

  evName(typ: number): string {
    if (typ < this.versionSpecCount && SPECS[typ]!.name !== '') return SPECS[typ]!.name;
    return `Invalid(${typ})`;
  }
}

function validateCtx(o: Ordering, g: number, p: number, m: number, rm: Req, rp: Req, rg: Req): void {
  if (g === CARRIED || p === CARRIED) {
    // Inherited context: assume it satisfies the check; the merge verifies.
    const spec = o.spec!;
    if (p === CARRIED) {
      if (rp === Req.MustHave) spec.assume(Assume.PSome, m);
      else if (rp === Req.MustNotHave) spec.assume(Assume.PNone, m);
      rp = Req.MayHave;
    }
    if (g === CARRIED) {
      if (rg === Req.MustHave) spec.assume(Assume.GSome, m);
      else if (rg === Req.MustNotHave) spec.assume(Assume.GNone, m);
      rg = Req.MayHave;
    }
  }
  if (rm === Req.MustHave && m === NO_M) throw new TraceError("expected a thread but didn't have one");
  if (rm === Req.MustNotHave && m !== NO_M) throw new TraceError('expected no thread but had one');
  if (rp === Req.MustHave && p === NO_P) throw new TraceError("expected a proc but didn't have one");
  if (rp === Req.MustNotHave && p !== NO_P) throw new TraceError('expected no proc but had one');
  if (rg === Req.MustHave && g === NO_G) throw new TraceError("expected a goroutine but didn't have one");
  if (rg === Req.MustNotHave && g !== NO_G) throw new TraceError('expected no goroutine but had one');
}

function userGoReqs(o: Ordering, g: number, p: number, m: number): void {
  validateCtx(o, g, p, m, Req.MustHave, Req.MustHave, Req.MustHave);
}

function succeeds(gen: number, seq: number, prevGen: number, prevSeq: number): boolean {
  return gen === prevGen && seq === prevSeq + 1;
}

/** Speculative mode: records the first non-activating range op on a goroutine or proc. */
function recordFirstRangeOp(o: Ordering, st: GState | PState, kind: 'g' | 'p', typ: number): void {
  st.rangeSeen = true;
  if (o.speculating) o.spec!.rangeOp(`${kind}${st.id}`, false, typ);
}

function pStateOf(o: Ordering, p: number): PState {
  const ps = o.pStates.get(p);
  if (!ps) throw new TraceError(`uninitialized proc ${idText(p)}`);
  return ps;
}

function rangeStart(typ: number): number {
  const s = SPECS[typ]!.startEv;
  return s !== 0 ? s : typ;
}

function fmtRange(r: RangeType): string {
  return `{${r.typ} ${r.desc}}`;
}

function hasRange(inFlight: RangeType[], typ: number, desc: number): boolean {
  for (const r of inFlight) if (r.typ === typ && r.desc === desc) return true;
  return false;
}

function beginRange(inFlight: RangeType[], typ: number, desc: number): void {
  if (hasRange(inFlight, typ, desc)) {
    throw new TraceError(`discovered event already in-flight for when starting event ${SPECS[typ]!.name}`);
  }
  inFlight.push(desc === 0 ? rangeOf(typ) : { typ, desc });
}

/** Shared, never modified in-flight entries without a description (sweeps and assists come by the million). */
const PLAIN_RANGES: RangeType[] = [];
function rangeOf(typ: number): RangeType {
  return (PLAIN_RANGES[typ] ??= Object.freeze({ typ, desc: 0 }));
}

function activeRange(inFlight: RangeType[], typ: number, isInitialGen: boolean): void {
  if (isInitialGen) {
    if (hasRange(inFlight, typ, 0)) {
      throw new TraceError(`found named active range already in first gen: ${fmtRange({ typ, desc: 0 })}`);
    }
    inFlight.push({ typ, desc: 0 });
  } else if (!hasRange(inFlight, typ, 0)) {
    throw new TraceError(
      `resource is missing active range: ${SPECS[typ]!.name} [${inFlight.map(fmtRange).join(' ')}]`,
    );
  }
}

/** Ends the range begun by typ's start event; returns its description. */
function endRange(inFlight: RangeType[], typ: number): number {
  const st = SPECS[typ]!.startEv;
  let idx = -1;
  for (let i = 0; i < inFlight.length; i++) {
    if (inFlight[i]!.typ === st) {
      idx = i;
      break;
    }
  }
  if (idx < 0) throw new TraceError(`tried to end event ${SPECS[st]!.name}, but not in-flight`);
  const desc = inFlight[idx]!.desc;
  inFlight[idx] = inFlight[inFlight.length - 1]!;
  inFlight.pop();
  return desc;
}

// ---- Handlers, one per wire event type. Each returns true when the event was queued. ----

const procStatus: Handler = (o, ev, gen, m, g, p) => {
  const pid = ev.args[0]!;
  const status = u8Arg(ev.args, 1); // (Go's ProcStatus is a uint8)
  if (status >= PROC_STATUS_TO_STATE.length) throw new TraceError(`invalid status for proc ${idText(pid)}: ${status}`);
  ev.args[1] = status;
  let oldState = PROC_STATUS_TO_STATE[status]!;
  const s = o.pStates.get(pid);
  if (s) {
    if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.Syscall) {
      // Nothing was lost after all: promote to a syscall status and advance.
      oldState = ProcState.Running;
      ev.args[1] = ProcStatus.Syscall;
    } else if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.SyscallAbandoned) {
      oldState = ProcState.Idle;
    } else if (s.status !== status) {
      throw new TraceError(
        `inconsistent status for proc ${idText(pid)}: old ${PROC_STATUS_NAMES[s.status]} vs. new ${PROC_STATUS_NAMES[status]}`,
      );
    }
    s.seqGen = gen.gen;
    s.seq = 0;
  } else {
    o.pStates.set(pid, new PState(pid, status, gen.gen));
    oldState = gen.gen === o.initialGen ? ProcState.Undetermined : ProcState.NotExist;
    if (o.speculating) o.spec!.procStatus.push(o.nextIndex(), pid, status);
  }
  ev.args[2] = oldState;
  if (status === ProcStatus.Running || status === ProcStatus.Syscall) o.newP = pid;
  if (status === ProcStatus.SyscallAbandoned && oldState === ProcState.Running) {
    // The P is about to be stolen and its status is not emitted by the thread it is bound
    // to: emit the event in that thread's context.
    let found = false;
    for (const [mid, ms] of o.mStates) {
      if (ms.p === pid) {
        m = mid;
        p = pid;
        g = ms.g;
        found = true;
      }
    }
    if (!found) throw new TraceError(`failed to find sched context for proc ${idText(pid)} that's about to be stolen`);
  }
  o.pushEv(ev, g, p, m);
  return true;
};

const procStart: Handler = (o, ev, gen, m, g, p) => {
  const pid = ev.args[0]!;
  const state = o.pStates.get(pid);
  if (!state || state.status !== ProcStatus.Idle || !succeeds(gen.gen, ev.args[1]!, state.seqGen, state.seq)) {
    return false;
  }
  if (p === CARRIED) {
    o.spec!.assume(Assume.PNone, m);
    p = NO_P;
  } else if (p !== NO_P) {
    return false;
  }
  validateCtx(o, g, p, m, Req.MustHave, Req.MustNotHave, Req.MayHave);
  state.status = ProcStatus.Running;
  state.seqGen = gen.gen;
  state.seq = ev.args[1]!;
  o.newP = pid;
  o.pushEv(ev, g, p, m);
  return true;
};

const procStop: Handler = (o, ev, _gen, m, g, p) => {
  const state = o.pStates.get(p);
  if (!state) throw new TraceError(`event ${o.evName(ev.typ)} for proc (${idText(p)}) that doesn't exist`);
  if (state.status !== ProcStatus.Running && state.status !== ProcStatus.Syscall) {
    throw new TraceError(`${o.evName(ev.typ)} event for proc that's not Running or Syscall`);
  }
  validateCtx(o, g, p, m, Req.MustHave, Req.MustHave, Req.MayHave);
  state.status = ProcStatus.Idle;
  o.newP = NO_P;
  o.pushEv(ev, g, p, m);
  return true;
};

const procSteal: Handler = (o, ev, gen, m, g, p) => {
  const pid = ev.args[0]!;
  const state = o.pStates.get(pid);
  if (
    !state ||
    (state.status !== ProcStatus.Syscall && state.status !== ProcStatus.SyscallAbandoned) ||
    !succeeds(gen.gen, ev.args[1]!, state.seqGen, state.seq)
  ) {
    return false;
  }
  validateCtx(o, g, p, m, Req.MustHave, Req.MayHave, Req.MayHave);
  const oldStatus = state.status;
  ev.args[3] = oldStatus;
  state.status = ProcStatus.Idle;
  state.seqGen = gen.gen;
  state.seq = ev.args[1]!;
  if (oldStatus === ProcStatus.SyscallAbandoned) {
    o.pushEv(ev, g, p, m);
    return true;
  }
  const mid = ev.args[2]!;
  if (mid === m) {
    if (p === CARRIED) {
      o.spec!.assume(Assume.PEq, m, pid);
      p = pid;
    }
    if (p !== pid) throw new TraceError(`tried to self-steal proc ${idText(pid)} (thread ${idText(mid)}), but got proc ${idText(p)} instead`);
    o.newP = NO_P;
    o.pushEv(ev, g, p, m);
    return true;
  }
  let victim = o.mStates.get(mid);
  if (!victim && o.speculating) {
    victim = new MState(mid);
    victim.g = CARRIED;
    victim.p = CARRIED;
    o.mStates.set(mid, victim);
  }
  if (!victim) throw new TraceError(`stole proc from non-existent thread ${idText(mid)}`);
  if (victim.p === CARRIED) {
    o.spec!.assume(Assume.PEq, mid, pid);
    victim.p = pid;
  }
  if (victim.p !== pid) {
    throw new TraceError(`tried to steal proc ${idText(pid)} from thread ${idText(mid)}, but got proc ${idText(victim.p)} instead`);
  }
  victim.p = NO_P;
  o.pushEv(ev, g, p, m);
  return true;
};

const goStatus: Handler = (o, ev, gen, m, g, p) => {
  const gid = ev.args[0]!;
  const mid = ev.args[1]!;
  const status = u8Arg(ev.args, 2); // (Go's GoStatus is a uint8)
  if (status >= GO_STATUS_TO_STATE.length) throw new TraceError(`invalid status for goroutine ${idText(gid)}: ${status}`);
  let oldState = GO_STATUS_TO_STATE[status]!;
  const s = o.gStates.get(gid);
  if (s) {
    if (s.status !== status) {
      throw new TraceError(
        `inconsistent status for goroutine ${idText(gid)}: old ${GO_STATUS_NAMES[s.status]} vs. new ${GO_STATUS_NAMES[status]}`,
      );
    }
    s.seqGen = gen.gen;
    s.seq = 0;
  } else if (gen.gen === o.initialGen) {
    o.gStates.set(gid, new GState(gid, status, gen.gen));
    oldState = GoState.Undetermined;
    if (o.speculating) o.spec!.goStatus.push(o.nextIndex(), gid, status);
  } else {
    throw new TraceError(
      `found goroutine status for new goroutine after the first generation: id=${idText(gid)} status=${GO_STATUS_NAMES[status]}`,
    );
  }
  // Smuggle the old state in: high part old state, low part wire status.
  ev.args[2] = oldState * 4294967296 + status;
  if (status === GoStatus.Running) {
    o.newG = gid;
  } else if (status === GoStatus.Syscall) {
    if (mid === NO_M) throw new TraceError(`found goroutine ${idText(gid)} in syscall without a thread`);
    if (mid === m) {
      if (o.speculating && g === CARRIED) {
        o.spec!.assume(Assume.GEq, m, gid);
      } else if ((gen.gen !== o.initialGen || o.speculating) && g !== gid) {
        throw new TraceError(`inconsistent thread for syscalling goroutine ${idText(gid)}: thread has goroutine ${idText(g)}`);
      }
      o.newG = gid;
    } else {
      const ms = o.mStates.get(mid);
      if (ms) {
        if (ms.g === CARRIED) {
          o.spec!.assume(Assume.GEq, mid, gid);
          ms.g = gid;
        }
        if (ms.g !== gid) {
          throw new TraceError(`inconsistent thread for syscalling goroutine ${idText(gid)}: thread has goroutine ${idText(ms.g)}`);
        }
        g = ms.g;
      } else {
        const nm = new MState(mid);
        nm.g = gid;
        if (o.speculating) {
          // Whether the thread was known decides the printed goroutine: the merge patches it.
          nm.p = CARRIED;
          o.spec!.assume(Assume.MAbsentOrGEq, mid, gid);
          o.spec!.otherThreadStatus.push(o.nextIndex(), mid, gid, g, p);
        }
        o.mStates.set(mid, nm);
      }
      m = mid;
    }
  }
  o.pushEv(ev, g, p, m);
  return true;
};

const goCreate: Handler = (o, ev, gen, m, g, p) => {
  validateCtx(o, g, p, m, Req.MustHave, Req.MustHave, Req.MayHave);
  if (g === CARRIED) o.spec!.assume(Assume.GRunningOrNone, m);
  const cur = o.gStates.get(g);
  if (cur && cur.status !== GoStatus.Running) {
    throw new TraceError(`${o.evName(ev.typ)} event for goroutine that's not Running`);
  }
  const newg = ev.args[0]!;
  if (o.gStates.has(newg)) throw new TraceError(`tried to create goroutine (${argI64Text(ev.args, 0)}) that already exists`);
  if (o.speculating) o.spec!.created.push(newg);
  const status = ev.typ === Ev.GoCreateBlocked ? GoStatus.Waiting : GoStatus.Runnable;
  o.gStates.set(newg, new GState(newg, status, gen.gen));
  o.pushEv(ev, g, p, m);
  return true;
};

const goStopExec: Handler = (o, ev, _gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  const state = o.gStates.get(g);
  if (!state) throw new TraceError(`event ${o.evName(ev.typ)} for goroutine (${idText(g)}) that doesn't exist`);
  if (state.status !== GoStatus.Running) throw new TraceError(`${o.evName(ev.typ)} event for goroutine that's not Running`);
  if (ev.typ === Ev.GoDestroy) {
    o.gStates.delete(g);
    if (o.spec) o.spec.destroyed.push(g);
  } else if (ev.typ === Ev.GoStop) {
    state.status = GoStatus.Runnable;
  } else {
    state.status = GoStatus.Waiting;
  }
  o.newG = NO_G;
  o.pushEv(ev, g, p, m);
  return true;
};

const goStart: Handler = (o, ev, gen, m, g, p) => {
  const gid = ev.args[0]!;
  const state = o.gStates.get(gid);
  if (!state || state.status !== GoStatus.Runnable || !succeeds(gen.gen, ev.args[1]!, state.seqGen, state.seq)) {
    return false;
  }
  validateCtx(o, g, p, m, Req.MustHave, Req.MustHave, Req.MustNotHave);
  state.status = GoStatus.Running;
  state.seqGen = gen.gen;
  state.seq = ev.args[1]!;
  o.newG = gid;
  o.pushEv(ev, g, p, m);
  return true;
};

const goUnblock: Handler = (o, ev, gen, m, g, p) => {
  const gid = ev.args[0]!;
  const state = o.gStates.get(gid);
  if (!state || state.status !== GoStatus.Waiting || !succeeds(gen.gen, ev.args[1]!, state.seqGen, state.seq)) {
    return false;
  }
  state.status = GoStatus.Runnable;
  state.seqGen = gen.gen;
  state.seq = ev.args[1]!;
  o.pushEv(ev, g, p, m);
  return true;
};

const goSwitch: Handler = (o, ev, gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  const cur = o.gStates.get(g);
  if (!cur) throw new TraceError(`event ${o.evName(ev.typ)} for goroutine (${idText(g)}) that doesn't exist`);
  if (cur.status !== GoStatus.Running) throw new TraceError(`${o.evName(ev.typ)} event for goroutine that's not Running`);
  const nextg = ev.args[0]!;
  const seq = ev.args[1]!;
  const next = o.gStates.get(nextg);
  if (!next || next.status !== GoStatus.Waiting || !succeeds(gen.gen, seq, next.seqGen, next.seq)) return false;
  o.pushEv(ev, g, p, m);
  if (ev.typ === Ev.GoSwitch) {
    cur.status = GoStatus.Waiting;
    o.push(Ev.GoBlock, ev.time, g, p, m, ZERO_ARGS);
  } else {
    o.gStates.delete(g);
    if (o.spec) o.spec.destroyed.push(g);
    o.push(Ev.GoDestroy, ev.time, g, p, m, ZERO_ARGS);
  }
  next.status = GoStatus.Running;
  next.seqGen = gen.gen;
  next.seq = seq;
  o.newG = nextg;
  o.push(Ev.GoStart, ev.time, NO_G, p, m, madeArgs(nextg, seq, 0, 0));
  return true;
};

const ZERO_ARGS = new Float64Array(4);
/** Arguments of events the ordering makes up (filled just before each push). */
const MADE_ARGS = new Float64Array(4);
function madeArgs(a0: number, a1: number, a2: number, a3: number): Float64Array {
  MADE_ARGS[0] = a0;
  MADE_ARGS[1] = a1;
  MADE_ARGS[2] = a2;
  MADE_ARGS[3] = a3;
  return MADE_ARGS;
}

const goSyscallBegin: Handler = (o, ev, gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  const state = o.gStates.get(g);
  if (!state) throw new TraceError(`event ${o.evName(ev.typ)} for goroutine (${idText(g)}) that doesn't exist`);
  if (state.status !== GoStatus.Running) throw new TraceError(`${o.evName(ev.typ)} event for goroutine that's not Running`);
  state.status = GoStatus.Syscall;
  const ps = o.pStates.get(p);
  if (!ps) throw new TraceError(`uninitialized proc ${idText(p)} found during ${o.evName(ev.typ)}`);
  ps.status = ProcStatus.Syscall;
  const pseq = ev.args[0]!;
  if (!succeeds(gen.gen, pseq, ps.seqGen, ps.seq)) {
    throw new TraceError(
      `failed to advance ${o.evName(ev.typ)}: can't make sequence: ${ps.seq} (gen=${ps.seqGen}) -> ${exactArg(ev.args, 0) ?? pseq} (gen=${gen.gen})`,
    );
  }
  ps.seqGen = gen.gen;
  ps.seq = pseq;
  o.pushEv(ev, g, p, m);
  return true;
};

const goSyscallEnd: Handler = (o, ev, _gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  const state = o.gStates.get(g);
  if (!state) throw new TraceError(`event ${o.evName(ev.typ)} for goroutine (${idText(g)}) that doesn't exist`);
  if (state.status !== GoStatus.Syscall) throw new TraceError(`${o.evName(ev.typ)} event for goroutine that's not Running`);
  state.status = GoStatus.Running;
  const ps = o.pStates.get(p);
  if (!ps) throw new TraceError(`uninitialized proc ${idText(p)} found during ${o.evName(ev.typ)}`);
  if (ps.status !== ProcStatus.Syscall) {
    throw new TraceError(`expected proc ${idText(p)} in state Syscall, but got ${PROC_STATUS_NAMES[ps.status]} instead`);
  }
  ps.status = ProcStatus.Running;
  o.pushEv(ev, g, p, m);
  return true;
};

const goSyscallEndBlocked: Handler = (o, ev, _gen, m, g, p) => {
  if (p === CARRIED) {
    o.spec!.assume(Assume.PNone, m);
    p = NO_P;
    o.newP = NO_P;
  }
  if (p !== NO_P) {
    const ps = o.pStates.get(p);
    if (!ps) throw new TraceError(`uninitialized proc ${idText(p)} found during ${o.evName(ev.typ)}`);
    if (ps.status === ProcStatus.Syscall) return false;
  }
  validateCtx(o, g, p, m, Req.MustHave, Req.MayHave, Req.MustHave);
  const state = o.gStates.get(g);
  if (!state) throw new TraceError(`event ${o.evName(ev.typ)} for goroutine (${idText(g)}) that doesn't exist`);
  if (state.status !== GoStatus.Syscall) throw new TraceError(`${o.evName(ev.typ)} event for goroutine that's not Running`);
  o.newG = NO_G;
  state.status = GoStatus.Runnable;
  o.pushEv(ev, g, p, m);
  return true;
};

const goCreateSyscall: Handler = (o, ev, gen, m, g, p) => {
  validateCtx(o, g, p, m, Req.MustHave, Req.MayHave, Req.MustNotHave);
  const newg = ev.args[0]!;
  if (o.gStates.has(newg)) throw new TraceError(`tried to create goroutine (${argI64Text(ev.args, 0)}) in syscall that already exists`);
  if (o.speculating) o.spec!.created.push(newg);
  o.gStates.set(newg, new GState(newg, GoStatus.Syscall, gen.gen));
  o.newG = newg;
  o.pushEv(ev, g, p, m);
  return true;
};

const goDestroySyscall: Handler = (o, ev, _gen, m, g, p) => {
  validateCtx(o, g, p, m, Req.MustHave, Req.MayHave, Req.MustHave);
  const state = o.gStates.get(g);
  if (!state) throw new TraceError(`event ${o.evName(ev.typ)} for goroutine (${idText(g)}) that doesn't exist`);
  if (state.status !== GoStatus.Syscall) throw new TraceError(`${o.evName(ev.typ)} event for goroutine that's not Syscall`);
  o.gStates.delete(g);
  if (o.spec) o.spec.destroyed.push(g);
  o.newG = NO_G;
  if (p !== NO_P) {
    const ps = o.pStates.get(p);
    if (!ps) throw new TraceError(`found invalid proc ${idText(p)} during ${o.evName(ev.typ)}`);
    if (ps.status !== ProcStatus.Syscall) {
      throw new TraceError(`proc ${idText(p)} in unexpected state ${PROC_STATUS_NAMES[ps.status]} during ${o.evName(ev.typ)}`);
    }
    ps.status = ProcStatus.SyscallAbandoned;
    o.newP = NO_P;
    // An extra self-steal: the thread ID may be reused, so the P must be let go now.
    o.push(Ev.ProcSteal, ev.time, g, p, m, madeArgs(p, 0, 0, ProcStatus.Syscall));
  }
  o.pushEv(ev, g, p, m);
  return true;
};

const userTaskBegin: Handler = (o, ev, gen, m, g, p) => {
  const id = ev.args[0]!;
  if (o.activeTasks.has(id)) throw new TraceError(`task ID conflict: ${uidText(id)}`);
  let parent = ev.args[1]!;
  if (parent === 0) {
    // 0 means "no parent" here, not the background task.
    parent = NO_TASK;
    ev.args[1] = NO_TASK;
  }
  const nameId = ev.args[2]!;
  if (!gen.hasString(nameId)) throw new TraceError(`invalid string ID ${uidText(nameId)} for ${ev.typ} event`);
  o.activeTasks.set(id, { name: gen.string(nameId), parent });
  if (o.spec) o.spec.tasks.push({ begin: true, id, index: o.nextIndex(), name: gen.string(nameId), parent });
  userGoReqs(o, g, p, m);
  o.pushEv(ev, g, p, m);
  return true;
};

const userTaskEnd: Handler = (o, ev, _gen, m, g, p) => {
  const id = ev.args[0]!;
  const ts = o.activeTasks.get(id);
  if (o.spec) o.spec.tasks.push({ begin: false, id, index: o.nextIndex(), name: '', parent: 0, known: ts !== undefined });
  if (ts) {
    ev.args[2] = ts.parent;
    // The task's parent and type ride along; the sink resolves the name.
    ev.args[3] = o.taskName(ts.name);
    o.activeTasks.delete(id);
  } else {
    ev.args[2] = NO_TASK;
    ev.args[3] = 0;
  }
  userGoReqs(o, g, p, m);
  o.pushEv(ev, g, p, m);
  return true;
};

const userRegion: Handler = (o, ev, gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  const task = ev.args[0]!;
  const nameId = ev.args[1]!;
  if (!gen.hasString(nameId)) throw new TraceError(`invalid string ID ${uidText(nameId)} for ${ev.typ} event`);
  const name = gen.string(nameId);
  const state = o.gStates.get(g);
  if (!state) {
    const which = ev.typ === Ev.UserRegionBegin ? 'EvUserRegionBegin' : 'EvUserRegionEnd';
    throw new TraceError(`encountered ${which} without known state for current goroutine ${idText(g)}`);
  }
  if (ev.typ === Ev.UserRegionBegin) {
    state.regions.push({ task, name });
  } else if (state.regions.length === 0) {
    if (o.speculating) o.spec!.regionPops.push({ g, task, name });
  } else {
    const top = state.regions[state.regions.length - 1]!;
    if (top.task !== task || top.name !== name) {
      throw new TraceError(
        `misuse of region in goroutine ${idText(g)}: region end {${uidText(task)} ${name}} when the inner-most active region start event is {${uidText(top.task)} ${top.name}}`,
      );
    }
    state.regions.pop();
  }
  o.pushEv(ev, g, p, m);
  return true;
};

const gcActive: Handler = (o, ev, gen, m, g, p) => {
  const seq = ev.args[0]!;
  if (gen.gen === o.initialGen) {
    if (o.gcState !== GC.Undetermined) throw new TraceError("GCActive in the first generation isn't first GC event");
    o.gcSeq = seq;
    o.gcState = GC.Running;
    if (o.spec) o.spec.gc.push(ev.typ, seq);
    o.pushEv(ev, g, p, m);
    return true;
  }
  if (seq !== o.gcSeq + 1) return false;
  if (o.gcState !== GC.Running) throw new TraceError('encountered GCActive while GC was not in progress');
  o.gcSeq = seq;
  if (o.spec) o.spec.gc.push(ev.typ, seq);
  userGoReqs(o, g, p, m);
  o.pushEv(ev, g, p, m);
  return true;
};

const gcBegin: Handler = (o, ev, _gen, m, g, p) => {
  const seq = ev.args[0]!;
  if (o.gcState === GC.Undetermined) {
    o.gcSeq = seq;
    o.gcState = GC.Running;
    if (o.spec) o.spec.gc.push(ev.typ, seq);
    o.pushEv(ev, g, p, m);
    return true;
  }
  if (seq !== o.gcSeq + 1) return false;
  if (o.gcState === GC.Running) throw new TraceError('encountered GCBegin while GC was already in progress');
  o.gcSeq = seq;
  o.gcState = GC.Running;
  if (o.spec) o.spec.gc.push(ev.typ, seq);
  userGoReqs(o, g, p, m);
  o.pushEv(ev, g, p, m);
  return true;
};

const gcEnd: Handler = (o, ev, _gen, m, g, p) => {
  const seq = ev.args[0]!;
  if (seq !== o.gcSeq + 1) return false;
  if (o.gcState === GC.NotRunning) throw new TraceError('encountered GCEnd when GC was not in progress');
  if (o.gcState === GC.Undetermined) throw new TraceError('encountered GCEnd when GC was in an undetermined state');
  o.gcSeq = seq;
  o.gcState = GC.NotRunning;
  if (o.spec) o.spec.gc.push(ev.typ, seq);
  userGoReqs(o, g, p, m);
  o.pushEv(ev, g, p, m);
  return true;
};

const annotation: Handler = (o, ev, _gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  o.pushEv(ev, g, p, m);
  return true;
};

const heapMetric: Handler = (o, ev, _gen, m, g, p) => {
  validateCtx(o, g, p, m, Req.MustHave, Req.MustHave, Req.MayHave);
  o.pushEv(ev, g, p, m);
  return true;
};

const gcSweepBegin: Handler = (o, ev, _gen, m, g, p) => {
  validateCtx(o, g, p, m, Req.MustHave, Req.MustHave, Req.MayHave);
  const ps = pStateOf(o, p);
  if (o.spec !== null && !ps.rangeSeen) recordFirstRangeOp(o, ps, 'p', rangeStart(ev.typ));
  beginRange(ps.inFlight, rangeStart(ev.typ), 0);
  o.pushEv(ev, g, p, m);
  return true;
};

const gcSweepActive: Handler = (o, ev, gen, m, g, p) => {
  const pid = ev.args[0]!;
  const ps = o.pStates.get(pid);
  if (!ps) throw new TraceError(`encountered GCSweepActive for unknown proc ${idText(pid)}`);
  if (o.speculating) o.spec!.rangeOp(`p${pid}`, true, rangeStart(ev.typ));
  activeRange(ps.inFlight, rangeStart(ev.typ), gen.gen === o.initialGen);
  o.pushEv(ev, g, p, m);
  return true;
};

const gcSweepEnd: Handler = (o, ev, _gen, m, g, p) => {
  validateCtx(o, g, p, m, Req.MustHave, Req.MustHave, Req.MayHave);
  const ps = pStateOf(o, p);
  if (o.spec !== null && !ps.rangeSeen) recordFirstRangeOp(o, ps, 'p', rangeStart(ev.typ));
  endRange(ps.inFlight, ev.typ);
  o.pushEv(ev, g, p, m);
  return true;
};

const goRangeBegin: Handler = (o, ev, _gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  const desc = ev.typ === Ev.STWBegin ? ev.args[0]! : 0;
  const state = o.gStates.get(g);
  if (!state) {
    throw new TraceError(`encountered event of type ${ev.typ} without known state for current goroutine ${idText(g)}`);
  }
  if (o.spec !== null && !state.rangeSeen) recordFirstRangeOp(o, state, 'g', rangeStart(ev.typ));
  beginRange(state.inFlight, rangeStart(ev.typ), desc);
  o.pushEv(ev, g, p, m);
  return true;
};

const goRangeActive: Handler = (o, ev, gen, m, g, p) => {
  const gid = ev.args[0]!;
  const state = o.gStates.get(gid);
  if (!state) throw new TraceError(`uninitialized goroutine ${idText(gid)} found during ${o.evName(ev.typ)}`);
  if (o.speculating) o.spec!.rangeOp(`g${gid}`, true, rangeStart(ev.typ));
  activeRange(state.inFlight, rangeStart(ev.typ), gen.gen === o.initialGen);
  o.pushEv(ev, g, p, m);
  return true;
};

const goRangeEnd: Handler = (o, ev, _gen, m, g, p) => {
  userGoReqs(o, g, p, m);
  const state = o.gStates.get(g);
  if (!state) {
    throw new TraceError(`encountered event of type ${ev.typ} without known state for current goroutine ${idText(g)}`);
  }
  if (o.spec !== null && !state.rangeSeen) recordFirstRangeOp(o, state, 'g', rangeStart(ev.typ));
  const desc = endRange(state.inFlight, ev.typ);
  if (ev.typ === Ev.STWEnd) ev.args[0] = desc;
  o.pushEv(ev, g, p, m);
  return true;
};

const allocFree: Handler = (o, ev, _gen, m, g, p) => {
  validateCtx(o, g, p, m, Req.MustHave, Req.MayHave, Req.MayHave);
  o.pushEv(ev, g, p, m);
  return true;
};

const HANDLERS: (Handler | undefined)[] = new Array(256);
HANDLERS[Ev.ProcsChange] = annotation;
HANDLERS[Ev.ProcStart] = procStart;
HANDLERS[Ev.ProcStop] = procStop;
HANDLERS[Ev.ProcSteal] = procSteal;
HANDLERS[Ev.ProcStatus] = procStatus;
HANDLERS[Ev.GoCreate] = goCreate;
HANDLERS[Ev.GoCreateSyscall] = goCreateSyscall;
HANDLERS[Ev.GoStart] = goStart;
HANDLERS[Ev.GoDestroy] = goStopExec;
HANDLERS[Ev.GoDestroySyscall] = goDestroySyscall;
HANDLERS[Ev.GoStop] = goStopExec;
HANDLERS[Ev.GoBlock] = goStopExec;
HANDLERS[Ev.GoUnblock] = goUnblock;
HANDLERS[Ev.GoSyscallBegin] = goSyscallBegin;
HANDLERS[Ev.GoSyscallEnd] = goSyscallEnd;
HANDLERS[Ev.GoSyscallEndBlocked] = goSyscallEndBlocked;
HANDLERS[Ev.GoStatus] = goStatus;
HANDLERS[Ev.STWBegin] = goRangeBegin;
HANDLERS[Ev.STWEnd] = goRangeEnd;
HANDLERS[Ev.GCActive] = gcActive;
HANDLERS[Ev.GCBegin] = gcBegin;
HANDLERS[Ev.GCEnd] = gcEnd;
HANDLERS[Ev.GCSweepActive] = gcSweepActive;
HANDLERS[Ev.GCSweepBegin] = gcSweepBegin;
HANDLERS[Ev.GCSweepEnd] = gcSweepEnd;
HANDLERS[Ev.GCMarkAssistActive] = goRangeActive;
HANDLERS[Ev.GCMarkAssistBegin] = goRangeBegin;
HANDLERS[Ev.GCMarkAssistEnd] = goRangeEnd;
HANDLERS[Ev.HeapAlloc] = heapMetric;
HANDLERS[Ev.HeapGoal] = heapMetric;
HANDLERS[Ev.GoLabel] = annotation;
HANDLERS[Ev.UserTaskBegin] = userTaskBegin;
HANDLERS[Ev.UserTaskEnd] = userTaskEnd;
HANDLERS[Ev.UserRegionBegin] = userRegion;
HANDLERS[Ev.UserRegionEnd] = userRegion;
HANDLERS[Ev.UserLog] = annotation;
HANDLERS[Ev.GoSwitch] = goSwitch;
HANDLERS[Ev.GoSwitchDestroy] = goSwitch;
HANDLERS[Ev.GoCreateBlocked] = goCreate;
HANDLERS[Ev.GoStatusStack] = goStatus;
for (let t = Ev.Span; t <= Ev.GoroutineStackFree; t++) HANDLERS[t] = allocFree;
