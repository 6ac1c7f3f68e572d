// Merges the per-P batches of an old-format trace into one consistent event stream, as Go's
// tracev1 parseEventBatches does: a frontier of each P's next event, of which only the
// events whose goroutine state allows them now may go; the earliest of those goes next.
// Then the syscall-exit timestamps are restored and the stream is sorted (stably) by time.
// The merged events are not kept: only which P each came from, and the syscall exits the
// sort moves (a MergeOrder, which parser/v1/replay.ts replays); the checks of the merged
// stream run as it is made, their errors raised in Go's order once it is complete.

import { TraceError } from '../errors.js';
import { V1, PROFILE_P } from './specs.js';
import { V1Columns } from './columns.js';
import { V1Parser } from './batches.js';
import { goSortFunc } from '../go/go-sort.js';
import { ArrayHeap } from '../go/go-heap.js';
import type { MergeOrder } from './replay.js';

const ERR_TIME_ORDER = 'time stamps out of order';

// Goroutine statuses of the ordering.
const G_DEAD = 0;
const G_RUNNABLE = 1;
const G_RUNNING = 2;
const G_WAITING = 3;

// Special values, as the int64 views of Go's ^uint64(0) and ^uint64(0)-1.
/** g of events with no ordering requirement. */
const UNORDERED = -1;
/** g of GC events, which are ordered among themselves by their sequence number. */
const GARBAGE = -2;
/** init seq: ready whatever the sequence number. next seq: keep it. */
const NOSEQ = -1;
/** next seq: one more than now. */
const SEQINC = -2;

/** A P's events: the current batch, a read position, and the event waiting in the frontier. */
class Proc {
  events: V1Columns;
  head = 0;
  /** Index of this P's event in the frontier (valid while it is there). */
  pend = 0;
  pendTs = 0;
  done = false;
  constructor(
    readonly pid: number,
    /** Index of the P in the merge order's pids. */
    readonly index: number,
    events: V1Columns,
  ) {
    this.events = events;
  }
}

/** The result of stateTransition, kept in fields to avoid allocation. */
class Transition {
  g = UNORDERED;
  initSeq = 0;
  initStatus = 0;
  nextSeq = 0;
  nextStatus = 0;

  /** Go's stateTransition for event i of ev. */
  of(ev: V1Columns, i: number): void {
    switch (ev.typ[i]!) {
      case V1.GoCreate:
        return this.set(ev.a0[i]!, 0, G_DEAD, 1, G_RUNNABLE);
      case V1.GoWaiting:
      case V1.GoInSyscall:
        return this.set(ev.g[i]!, 1, G_RUNNABLE, 2, G_WAITING);
      case V1.GoStart:
      case V1.GoStartLabel:
        return this.set(ev.g[i]!, ev.a1[i]!, G_RUNNABLE, ev.a1[i]! + 1, G_RUNNING);
      case V1.GoStartLocal:
        // Emitted on the P of the GoCreate/GoUnblock it follows, so that one is merged already.
        return this.set(ev.g[i]!, NOSEQ, G_RUNNABLE, SEQINC, G_RUNNING);
      case V1.GoBlock:
      case V1.GoBlockSend:
      case V1.GoBlockRecv:
      case V1.GoBlockSelect:
      case V1.GoBlockSync:
      case V1.GoBlockCond:
      case V1.GoBlockNet:
      case V1.GoSleep:
      case V1.GoSysBlock:
      case V1.GoBlockGC:
        return this.set(ev.g[i]!, NOSEQ, G_RUNNING, NOSEQ, G_WAITING);
      case V1.GoSched:
      case V1.GoPreempt:
        return this.set(ev.g[i]!, NOSEQ, G_RUNNING, NOSEQ, G_RUNNABLE);
      case V1.GoUnblock:
      case V1.GoSysExit:
        return this.set(ev.a0[i]!, ev.a1[i]!, G_WAITING, ev.a1[i]! + 1, G_RUNNABLE);
      case V1.GoUnblockLocal:
      case V1.GoSysExitLocal:
        return this.set(ev.a0[i]!, NOSEQ, G_WAITING, SEQINC, G_RUNNABLE);
      case V1.GCStart:
        return this.set(GARBAGE, ev.a0[i]!, G_DEAD, ev.a0[i]! + 1, G_DEAD);
      default:
        this.g = UNORDERED;
    }
  }

  private set(g: number, initSeq: number, initStatus: number, nextSeq: number, nextStatus: number): void {
    this.g = g;
    this.initSeq = initSeq;
    this.initStatus = initStatus;
    this.nextSeq = nextSeq;
    this.nextStatus = nextStatus;
  }
}

/** Goroutine states of the ordering: seq and status per g (absent = seq 0, dead). */
class GState {
  seq = 0;
  status = G_DEAD;
}

class GStates {
  private m = new Map<number, GState>();

  ready(t: Transition): boolean {
    if (t.g === UNORDERED) return true;
    const s = this.m.get(t.g);
    return readyOn(t, s === undefined ? 0 : s.seq, s === undefined ? G_DEAD : s.status);
  }

  apply(t: Transition): void {
    if (t.g === UNORDERED) return;
    let s = this.m.get(t.g);
    if (s === undefined) this.m.set(t.g, (s = new GState()));
    if (!readyOn(t, s.seq, s.status)) {
      throw new TraceError('encountered impossible goroutine state transition');
    }
    const next = t.nextSeq;
    if (next === SEQINC) s.seq++;
    else if (next !== NOSEQ) s.seq = next;
    s.status = t.nextStatus;
  }
}

function readyOn(t: Transition, seq: number, status: number): boolean {
  return (t.initSeq === NOSEQ || t.initSeq === seq) && t.initStatus === status;
}

/** The frontier: the Ps whose next event may go now, a min-heap on its timestamp (Go's heapUp/heapDown). */
class Frontier extends ArrayHeap<Proc> {
  less(i: number, j: number): boolean {
    return this.items[i]!.pendTs < this.items[j]!.pendTs;
  }
}

/** Sorts the CPU samples by their own timestamps, permuting them as Go's slices.SortFunc does. */
function sortCPUSamples(s: V1Columns): V1Columns {
  const idx: number[] = [];
  for (let i = 0; i < s.n; i++) idx.push(i);
  goSortFunc(idx, (x, y) => (s.ts[x]! < s.ts[y]! ? -1 : s.ts[x]! > s.ts[y]! ? 1 : 0));
  const out = new V1Columns(s.n);
  out.ensure(s.n);
  for (const i of idx) out.copyFrom(s, i);
  return out;
}

/** Syscall exits whose real time differs from their merge time, in merge order. */
class MovedExits {
  readonly events = new V1Columns(16);
  at: number[] = [];

  add(ev: V1Columns, i: number, j: number, ts: number): void {
    this.events.ensure();
    const k = this.events.n;
    this.events.copyFrom(ev, i);
    this.events.typ[k] = V1.GoSysExit;
    this.events.ts[k] = ts;
    this.events.tsX?.delete(k); // (the real time's exact ticks are not kept: it is a safe double or rounded)
    this.at.push(j);
  }

  /** sort.Stable by time: the moved exits in their final order, with their merge indices. */
  sorted(): { moved: V1Columns; movedAt: Float64Array; movedSkip: Float64Array } {
    const ev = this.events;
    const n = ev.n;
    const idx: number[] = [];
    for (let i = 0; i < n; i++) idx.push(i);
    idx.sort((x, y) => ev.ts[x]! - ev.ts[y]! || x - y);
    const moved = new V1Columns(n);
    const movedAt = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      moved.copyFrom(ev, idx[k]!);
      movedAt[k] = this.at[idx[k]!]!;
    }
    return { moved, movedAt, movedSkip: Float64Array.from(this.at) };
  }
}

/** Go's parseEventBatches: the order of the merged, time-sorted events. */
export function mergeBatches(parser: V1Parser): MergeOrder {
  // Go takes the Ps in map order, which is random; we take them in the order their first
  // batch appears (what Go's iteration of a small map gives most often). The order only
  // matters between events with equal timestamps, and for which of two errors comes first.
  const all: Proc[] = [];
  const pids = [...parser.pids, PROFILE_P];
  parser.pids.forEach((pid, k) => all.push(new Proc(pid, k, new V1Columns(parser.maxBatch(pid)))));
  const cpu = sortCPUSamples(parser.cpuSamples);
  all.push(new Proc(PROFILE_P, all.length, cpu));
  const seq = all.length <= 256 ? new Uint8Array(parser.eventBound) : new Uint16Array(parser.eventBound);
  let n = 0;
  const gs = new GStates();
  const t = new Transition();
  const frontier = new Frontier();
  const available = all.slice();
  // The checks of the merged stream (Go makes them after the merge, in this order).
  let outOfOrder = false;
  let lastTs = -Infinity;
  let restoreError: string | null = null;
  const lastSysBlock = new Map<number, number>();
  const zeroTs = parser.zeroTs;
  const moved = new MovedExits();
  let firstTs = NaN;
  let firstTsX: bigint | null = null;

  for (;;) {
    pidLoop: for (let i = 0; i < available.length; i++) {
      const proc = available[i]!;
      while (proc.head === proc.events.n) {
        // Batches can be empty, hence the loop.
        proc.head = 0;
        if (!parser.loadBatch(proc.pid, proc.events)) {
          proc.done = true; // (the CPU samples' list stays whole: the replays read it)
          available[i] = available[available.length - 1]!;
          available[available.length - 1] = proc;
          available.pop();
          i--;
          continue pidLoop;
        }
      }
      const ev = proc.events;
      t.of(ev, proc.head);
      if (!gs.ready(t)) continue;
      proc.pend = proc.head++;
      proc.pendTs = ev.ts[proc.pend]!;
      available[i] = available[available.length - 1]!;
      available[available.length - 1] = proc;
      available.pop();
      frontier.push(proc);
      i--;
    }

    if (frontier.items.length === 0) {
      for (const p of all) {
        if (!p.done) throw new TraceError('no consistent ordering of events possible');
      }
      break;
    }
    const f = frontier.pop();
    const ev = f.events;
    const k = f.pend;
    t.of(ev, k);
    const j = n++;
    seq[j] = f.index;
    // Timestamps must respect the order found.
    const ts = ev.ts[k]!;
    if (ts < lastTs) outOfOrder = true;
    lastTs = ts;
    // A GoSysExit is written when the goroutine gets a P back, but carries the time the
    // syscall really returned: it moves there (after the syscall blocked).
    const typ = ev.typ[k]!;
    let isMoved = false;
    if (typ === V1.GoSysBlock || typ === V1.GoInSyscall) {
      lastSysBlock.set(ev.g[k]!, ts);
    } else if ((typ === V1.GoSysExit || typ === V1.GoSysExitLocal) && restoreError === null) {
      const real = ev.a2[k]!;
      if (real === real) {
        // (real === real: it has a real time, 0 on the wire.)
        const block = lastSysBlock.get(ev.g[k]!);
        if (block === undefined || block === zeroTs) restoreError = 'stray syscall exit';
        else if (real < block) restoreError = ERR_TIME_ORDER;
        else if (real !== ts) {
          moved.add(ev, k, j, real);
          isMoved = true;
        }
      }
    }
    if (firstTs !== firstTs && !isMoved) {
      firstTs = ts;
      firstTsX = ev.tsX?.get(k) ?? null;
    }
    gs.apply(t);
    available.push(f);
  }

  if (outOfOrder) throw new TraceError(ERR_TIME_ORDER);
  if (restoreError !== null) throw new TraceError(restoreError);
  const m = moved.sorted();
  // The earliest time: the first unmoved event's or the earliest moved exit's.
  let minTs = firstTs;
  let minTsX = firstTsX;
  if (m.moved.n > 0 && !(m.moved.ts[0]! >= minTs)) {
    minTs = m.moved.ts[0]!;
    minTsX = m.moved.tsX?.get(0) ?? null;
  }
  return { n, seq, pids, cpu, minTs, minTsX, ...m };
}
