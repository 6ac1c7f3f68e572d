// Checks the merged old-format events for consistency (a P runs one goroutine at a time,
// a goroutine is blocked before it is unblocked, ...) and fills in what the old format
// leaves implicit (GC events go to the GC P, network unblocks to the netpoll P, dangling
// stack IDs are dropped), as Go's tracev1 postProcessTrace does. It runs as one replay of the
// events (parser/v1/replay.ts) and changes none: what it fills in that the conversion needs
// (network unblocks, syscalls that blocked) it returns as bit sets over the event positions;
// the rest the conversion works out again (convert.ts: fixedP, the V1Converter's stacks).

import { TraceError } from '../errors.js';
import { goQuote } from '../go/go-quote.js';
import { V1, V1_DESCS, TIMER_P } from './specs.js';
import { V1Columns } from './columns.js';
import { fmtU64 } from './wire.js';
import { V1Replay, type MergeOrder } from './replay.js';
import type { V1Parser } from './batches.js';

const G_DEAD = 0;
const G_RUNNABLE = 1;
const G_RUNNING = 2;
const G_WAITING = 3;

/** Per goroutine: its state and what matters to the checks of its events (-1 = none). */
class GDesc {
  state = G_DEAD;
  /** Type of its last event that changed its state (Go keeps the event). */
  evTyp = -1;
  evMarkAssist = false;
}

class PDesc {
  running = false;
  g = 0;
  evSweep = false;
}

/** Bits over the event positions. */
export class BitSet {
  readonly bits: Uint8Array;
  constructor(n: number) {
    this.bits = new Uint8Array((n + 7) >> 3);
  }
  set(k: number): void {
    this.bits[k >> 3]! |= 1 << (k & 7);
  }
  has(k: number): boolean {
    return (this.bits[k >> 3]! & (1 << (k & 7))) !== 0;
  }
}

/** What the checks found that the conversion needs. */
export interface PostProcessed {
  /** GoUnblocks of a goroutine blocked on the network: they go to the netpoll P. */
  netpoll: BitSet | null;
  /**
   * GoSysCalls whose goroutine's next event is a GoSysBlock (the syscall blocked). Go looks
   * ahead from each syscall; one forward pass gives the same answers.
   */
  blocked: BitSet | null;
}

/** Go's tracev1 Event.String(), for error messages. */
export function v1EventString(ev: V1Columns | V1Replay, i = 0): string {
  const e = ev instanceof V1Replay ? ev : null;
  const c = ev instanceof V1Columns ? ev : null;
  const typ = e ? e.typ : c!.typ[i]!;
  const desc = V1_DESCS[typ]!;
  const [ts, p, g, stk] = e ? [e.ts, e.p, e.g, e.stk] : [c!.ts[i]!, c!.p[i]!, c!.g[i]!, c!.stk[i]!];
  let s = `${ts} ${desc.name} p=${p} g=${fmtU64(g)} stk=${stk}`;
  const args = e ? [e.a0, e.a1, e.a2, 0] : [c!.a0[i]!, c!.a1[i]!, c!.a2[i]!, 0];
  desc.args.forEach((name, k) => {
    s += ` ${name}=${fmtU64(args[k]!)}`;
  });
  return s;
}

/** The event at position k as the checks leave it (its stack dropped if it has no frames). */
function eventAt(parser: V1Parser, order: MergeOrder, k: number): V1Columns {
  const ev = V1Replay.eventAt(parser, order, k);
  if (ev.stk[0] !== 0 && !parser.stacks.has(ev.stk[0]!)) ev.stk[0] = 0;
  return ev;
}

export function postProcess(parser: V1Parser, order: MergeOrder): PostProcessed {
  const gs = new Map<number, GDesc>();
  const ps = new Map<number, PDesc>();
  /** Task id → position of its create event. */
  const tasks = new Map<number, number>();
  /** Per goroutine, its open regions: position, a0 and a2 of each start event. */
  const activeRegions = new Map<number, number[]>();
  const g0 = new GDesc();
  g0.state = G_RUNNING;
  gs.set(0, g0);
  let evGC = false;
  let evSTW = false;
  let netpoll: BitSet | null = null;
  let blocked: BitSet | null = null;
  /** GoSysCalls waiting for their goroutine's next event: g → position. */
  const pending = new Map<number, number>();
  const ev = new V1Replay(parser, order);
  /** The state of goroutine id; stored (as Go writes it back) only if keep. */
  const gOf = (id: number, keep: boolean): GDesc => {
    let d = gs.get(id);
    if (d === undefined) {
      d = new GDesc();
      if (keep) gs.set(id, d);
    }
    return d;
  };
  const pOf = (id: number, keep: boolean): PDesc => {
    let d = ps.get(id);
    if (d === undefined) {
      d = new PDesc();
      if (keep) ps.set(id, d);
    }
    return d;
  };
  const name = (_: number) => V1_DESCS[ev.typ]!.name;
  const time = (_: number) => String(ev.ts);
  const checkRunning = (p: PDesc, g: GDesc, i: number, allowG0: boolean): void => {
    const gid = ev.g;
    if (g.state !== G_RUNNING) throw new TraceError(`g ${fmtU64(gid)} is not running while ${name(i)} (time ${time(i)})`);
    if (p.g !== gid) {
      throw new TraceError(`p ${ev.p} is not running g ${fmtU64(gid)} while ${name(i)} (time ${time(i)})`);
    }
    if (!allowG0 && gid === 0) throw new TraceError(`g 0 did ${name(i)} (time ${time(i)})`);
  };
  /** What g's last state change was, as Go keeps it. */
  const setEv = (g: GDesc, typ: number) => {
    g.evTyp = typ;
  };

  while (ev.next()) {
    const i = ev.k;
    const typ = ev.typ;
    const gid = ev.g;
    const pid = ev.p;
    if (pending.size !== 0) {
      const at = pending.get(gid);
      if (at !== undefined) {
        if (typ === V1.GoSysBlock) (blocked ??= new BitSet(order.n)).set(at);
        pending.delete(gid);
      }
    }
    if (typ === V1.GoSysCall) pending.set(gid, i);
    switch (typ) {
      case V1.ProcStart: {
        const p = pOf(pid, true);
        if (p.running) throw new TraceError(`p ${pid} is running before start (time ${time(i)})`);
        p.running = true;
        break;
      }
      case V1.ProcStop: {
        const p = pOf(pid, true);
        if (!p.running) throw new TraceError(`p ${pid} is not running before stop (time ${time(i)})`);
        if (p.g !== 0) {
          throw new TraceError(`p ${pid} is running a goroutine ${fmtU64(p.g)} during stop (time ${time(i)})`);
        }
        p.running = false;
        break;
      }
      case V1.GCStart:
        if (evGC) throw new TraceError(`previous GC is not ended before a new one (time ${time(i)})`);
        evGC = true; // (its P becomes GC_P: convert.ts fixedP)
        break;
      case V1.GCDone:
        if (!evGC) throw new TraceError(`bogus GC end (time ${time(i)})`);
        evGC = false;
        break;
      case V1.STWStart:
        if (evSTW) throw new TraceError(`previous STW is not ended before a new one (time ${time(i)})`);
        evSTW = true;
        break;
      case V1.STWDone:
        if (!evSTW) throw new TraceError(`bogus STW end (time ${time(i)})`);
        evSTW = false;
        break;
      case V1.GCSweepStart: {
        const p = pOf(pid, true);
        if (p.evSweep) throw new TraceError(`previous sweeping is not ended before a new one (time ${time(i)})`);
        p.evSweep = true;
        break;
      }
      case V1.GCMarkAssistStart: {
        const g = gOf(gid, true);
        if (g.evMarkAssist) {
          throw new TraceError(`previous mark assist is not ended before a new one (time ${time(i)})`);
        }
        g.evMarkAssist = true;
        break;
      }
      case V1.GCMarkAssistDone:
        // Mark assists can be in progress when tracing starts: no error here.
        gOf(gid, true).evMarkAssist = false;
        break;
      case V1.GCSweepDone: {
        const p = pOf(pid, true);
        if (!p.evSweep) throw new TraceError(`bogus sweeping end (time ${time(i)})`);
        p.evSweep = false;
        break;
      }
      case V1.GoWaiting:
      case V1.GoInSyscall: {
        const g = gOf(gid, true);
        if (g.state !== G_RUNNABLE) {
          const what = typ === V1.GoWaiting ? 'EvGoWaiting' : 'EvGoInSyscall';
          throw new TraceError(`g ${fmtU64(gid)} is not runnable before ${what} (time ${time(i)})`);
        }
        g.state = G_WAITING;
        setEv(g, typ);
        break;
      }
      case V1.GoCreate: {
        checkRunning(pOf(pid, false), gOf(gid, false), i, true);
        const child = ev.a0;
        if (gs.has(child)) throw new TraceError(`g ${fmtU64(child)} already exists (time ${time(i)})`);
        const d = new GDesc();
        d.state = G_RUNNABLE;
        setEv(d, typ);
        gs.set(child, d);
        break;
      }
      case V1.GoStart:
      case V1.GoStartLabel: {
        const g = gOf(gid, true);
        const p = pOf(pid, true);
        if (g.state !== G_RUNNABLE) throw new TraceError(`g ${fmtU64(gid)} is not runnable before start (time ${time(i)})`);
        if (p.g !== 0) {
          throw new TraceError(
            `p ${pid} is already running g ${fmtU64(p.g)} while start g ${fmtU64(gid)} (time ${time(i)})`,
          );
        }
        g.state = G_RUNNING;
        p.g = gid;
        // (It takes the stack of its GoCreate: convert.ts.)
        setEv(g, -1);
        break;
      }
      case V1.GoEnd:
      case V1.GoStop: {
        const g = gOf(gid, true);
        const p = pOf(pid, true);
        checkRunning(p, g, i, false);
        g.state = G_DEAD;
        p.g = 0;
        if (typ === V1.GoEnd) activeRegions.delete(gid); // its regions end with it
        break;
      }
      case V1.GoSched:
      case V1.GoPreempt: {
        const g = gOf(gid, true);
        const p = pOf(pid, true);
        checkRunning(p, g, i, false);
        g.state = G_RUNNABLE;
        p.g = 0;
        setEv(g, typ);
        break;
      }
      case V1.GoUnblock: {
        const g = gOf(gid, false);
        const p = pOf(pid, false);
        if (g.state !== G_RUNNING) throw new TraceError(`g ${fmtU64(gid)} is not running while unpark (time ${time(i)})`);
        if (pid !== TIMER_P && p.g !== gid) {
          throw new TraceError(`p ${pid} is not running g ${fmtU64(gid)} while unpark (time ${time(i)})`);
        }
        const target = ev.a0;
        const g1 = gOf(target, true);
        if (g1.state !== G_WAITING) {
          throw new TraceError(`g ${fmtU64(target)} is not waiting before unpark (time ${time(i)})`);
        }
        if (g1.evTyp === V1.GoBlockNet) (netpoll ??= new BitSet(order.n)).set(i);
        g1.state = G_RUNNABLE;
        setEv(g1, typ);
        break;
      }
      case V1.GoSysCall: {
        const g = gOf(gid, true);
        checkRunning(pOf(pid, false), g, i, false);
        setEv(g, typ);
        break;
      }
      case V1.GoSysBlock: {
        const g = gOf(gid, true);
        const p = pOf(pid, true);
        checkRunning(p, g, i, false);
        g.state = G_WAITING;
        p.g = 0;
        break;
      }
      case V1.GoSysExit: {
        const g = gOf(gid, true);
        if (g.state !== G_WAITING) {
          throw new TraceError(`g ${fmtU64(gid)} is not waiting during syscall exit (time ${time(i)})`);
        }
        g.state = G_RUNNABLE;
        setEv(g, typ);
        break;
      }
      case V1.GoSleep:
      case V1.GoBlock:
      case V1.GoBlockSend:
      case V1.GoBlockRecv:
      case V1.GoBlockSelect:
      case V1.GoBlockSync:
      case V1.GoBlockCond:
      case V1.GoBlockNet:
      case V1.GoBlockGC: {
        const g = gOf(gid, true);
        const p = pOf(pid, true);
        checkRunning(p, g, i, false);
        g.state = G_WAITING;
        setEv(g, typ);
        p.g = 0;
        break;
      }
      case V1.UserTaskCreate: {
        const id = ev.a0;
        const prev = tasks.get(id);
        if (prev !== undefined) {
          throw new TraceError(
            `task id conflicts (id:${fmtU64(id)}), ${goQuote(v1EventString(ev))} vs ${goQuote(v1EventString(eventAt(parser, order, prev)))}`,
          );
        }
        tasks.set(id, i);
        break;
      }
      case V1.UserTaskEnd:
        tasks.delete(ev.a0);
        break;
      case V1.UserRegion: {
        const mode = ev.a1;
        const regions = activeRegions.get(gid);
        if (mode === 0) {
          if (regions) regions.push(i, ev.a0, ev.a2);
          else activeRegions.set(gid, [i, ev.a0, ev.a2]);
        } else if (mode === 1) {
          const top = regions && regions.length > 0 ? regions.length - 3 : -1;
          if (top >= 0) {
            if (regions![top + 1] !== ev.a0 || regions![top + 2] !== ev.a2) {
              const start = eventAt(parser, order, regions![top]!);
              throw new TraceError(
                `misuse of region in goroutine ${fmtU64(gid)}: span end ${goQuote(v1EventString(ev))} when the inner-most active span start event is ${goQuote(v1EventString(start))}`,
              );
            }
            if (regions!.length > 3) regions!.length -= 3;
            else activeRegions.delete(gid);
          }
        } else {
          throw new TraceError(`invalid user region mode: ${goQuote(v1EventString(ev))}`);
        }
        break;
      }
    }
    // (Events must not refer to stacks that do not exist or have no frames: convert.ts drops them.)
  }
  return { netpoll, blocked };
}
