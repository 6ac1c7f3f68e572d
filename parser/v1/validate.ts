// Checks the merged old-format events for consistency (a P runs one goroutine at a time,
// a goroutine is blocked before it is unblocked, ...) and fills in what the old format
// leaves implicit (GC events go to the GC P, network unblocks to the netpoll P, dangling
// stack IDs are dropped), as Go's tracev1 postProcessTrace does.

import { TraceError } from '../errors.js';
import { goQuote } from '../go/go-quote.js';
import { V1, V1_DESCS, TIMER_P, NETPOLL_P, GC_P } from './specs.js';
import { V1Columns } from './columns.js';
import { fmtU64 } from './wire.js';

const G_DEAD = 0;
const G_RUNNABLE = 1;
const G_RUNNING = 2;
const G_WAITING = 3;

/** Per goroutine: its state and the events that matter to the checks (-1 = none). */
class GDesc {
  state = G_DEAD;
  ev = -1;
  evStart = -1;
  evCreate = -1;
  evMarkAssist = -1;
}

class PDesc {
  running = false;
  g = 0;
  evSweep = -1;
}

/** Go's tracev1 Event.String(), for error messages. */
export function v1EventString(ev: V1Columns, i: number): string {
  const typ = ev.typ[i]!;
  const desc = V1_DESCS[typ]!;
  let s = `${ev.ts[i]} ${desc.name} p=${ev.p[i]} g=${fmtU64(ev.g[i]!)} stk=${ev.stk[i]}`;
  const args = [ev.a0[i]!, ev.a1[i]!, ev.a2[i]!, 0];
  desc.args.forEach((name, k) => {
    s += ` ${name}=${fmtU64(args[k]!)}`;
  });
  return s;
}

export function postProcess(ev: V1Columns, stacks: Map<number, number[]>): void {
  const gs = new Map<number, GDesc>();
  const ps = new Map<number, PDesc>();
  const tasks = new Map<number, number>();
  const activeRegions = new Map<number, number[]>();
  const g0 = new GDesc();
  g0.state = G_RUNNING;
  gs.set(0, g0);
  let evGC = -1;
  let evSTW = -1;

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
  const name = (i: number) => V1_DESCS[ev.typ[i]!]!.name;
  const time = (i: number) => String(ev.ts[i]);
  const checkRunning = (p: PDesc, g: GDesc, i: number, allowG0: boolean): void => {
    const gid = ev.g[i]!;
    if (g.state !== G_RUNNING) throw new TraceError(`g ${fmtU64(gid)} is not running while ${name(i)} (time ${time(i)})`);
    if (p.g !== gid) {
      throw new TraceError(`p ${ev.p[i]} is not running g ${fmtU64(gid)} while ${name(i)} (time ${time(i)})`);
    }
    if (!allowG0 && gid === 0) throw new TraceError(`g 0 did ${name(i)} (time ${time(i)})`);
  };

  const n = ev.n;
  const order = ev.order;
  for (let k = 0; k < n; k++) {
    const i = order === null ? k : order[k]!;
    const typ = ev.typ[i]!;
    const gid = ev.g[i]!;
    const pid = ev.p[i]!;
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
        if (evGC >= 0) throw new TraceError(`previous GC is not ended before a new one (time ${time(i)})`);
        evGC = i;
        ev.p[i] = GC_P; // attributed to the global GC state
        break;
      case V1.GCDone:
        if (evGC < 0) throw new TraceError(`bogus GC end (time ${time(i)})`);
        evGC = -1;
        break;
      case V1.STWStart:
        if (evSTW >= 0) throw new TraceError(`previous STW is not ended before a new one (time ${time(i)})`);
        evSTW = i;
        break;
      case V1.STWDone:
        if (evSTW < 0) throw new TraceError(`bogus STW end (time ${time(i)})`);
        evSTW = -1;
        break;
      case V1.GCSweepStart: {
        const p = pOf(pid, true);
        if (p.evSweep >= 0) throw new TraceError(`previous sweeping is not ended before a new one (time ${time(i)})`);
        p.evSweep = i;
        break;
      }
      case V1.GCMarkAssistStart: {
        const g = gOf(gid, true);
        if (g.evMarkAssist >= 0) {
          throw new TraceError(`previous mark assist is not ended before a new one (time ${time(i)})`);
        }
        g.evMarkAssist = i;
        break;
      }
      case V1.GCMarkAssistDone:
        // Mark assists can be in progress when tracing starts: no error here.
        gOf(gid, true).evMarkAssist = -1;
        break;
      case V1.GCSweepDone: {
        const p = pOf(pid, true);
        if (p.evSweep < 0) throw new TraceError(`bogus sweeping end (time ${time(i)})`);
        p.evSweep = -1;
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
        g.ev = i;
        break;
      }
      case V1.GoCreate: {
        checkRunning(pOf(pid, false), gOf(gid, false), i, true);
        const child = ev.a0[i]!;
        if (gs.has(child)) throw new TraceError(`g ${fmtU64(child)} already exists (time ${time(i)})`);
        const d = new GDesc();
        d.state = G_RUNNABLE;
        d.ev = i;
        d.evCreate = i;
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
        g.evStart = i;
        p.g = gid;
        if (g.evCreate >= 0) {
          ev.stk[i] = ev.a1[g.evCreate]! >>> 0;
          g.evCreate = -1;
        }
        g.ev = -1;
        break;
      }
      case V1.GoEnd:
      case V1.GoStop: {
        const g = gOf(gid, true);
        const p = pOf(pid, true);
        checkRunning(p, g, i, false);
        g.evStart = -1;
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
        g.evStart = -1;
        p.g = 0;
        g.ev = i;
        break;
      }
      case V1.GoUnblock: {
        const g = gOf(gid, false);
        const p = pOf(pid, false);
        if (g.state !== G_RUNNING) throw new TraceError(`g ${fmtU64(gid)} is not running while unpark (time ${time(i)})`);
        if (pid !== TIMER_P && p.g !== gid) {
          throw new TraceError(`p ${pid} is not running g ${fmtU64(gid)} while unpark (time ${time(i)})`);
        }
        const target = ev.a0[i]!;
        const g1 = gOf(target, true);
        if (g1.state !== G_WAITING) {
          throw new TraceError(`g ${fmtU64(target)} is not waiting before unpark (time ${time(i)})`);
        }
        if (g1.ev >= 0 && ev.typ[g1.ev] === V1.GoBlockNet) ev.p[i] = NETPOLL_P;
        g1.state = G_RUNNABLE;
        g1.ev = i;
        break;
      }
      case V1.GoSysCall: {
        const g = gOf(gid, true);
        checkRunning(pOf(pid, false), g, i, false);
        g.ev = i;
        break;
      }
      case V1.GoSysBlock: {
        const g = gOf(gid, true);
        const p = pOf(pid, true);
        checkRunning(p, g, i, false);
        g.state = G_WAITING;
        g.evStart = -1;
        p.g = 0;
        break;
      }
      case V1.GoSysExit: {
        const g = gOf(gid, true);
        if (g.state !== G_WAITING) {
          throw new TraceError(`g ${fmtU64(gid)} is not waiting during syscall exit (time ${time(i)})`);
        }
        g.state = G_RUNNABLE;
        g.ev = i;
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
        g.ev = i;
        g.evStart = -1;
        p.g = 0;
        break;
      }
      case V1.UserTaskCreate: {
        const id = ev.a0[i]!;
        const prev = tasks.get(id);
        if (prev !== undefined) {
          throw new TraceError(
            `task id conflicts (id:${fmtU64(id)}), ${goQuote(v1EventString(ev, i))} vs ${goQuote(v1EventString(ev, prev))}`,
          );
        }
        tasks.set(id, i);
        break;
      }
      case V1.UserTaskEnd:
        tasks.delete(ev.a0[i]!);
        break;
      case V1.UserRegion: {
        const mode = ev.a1[i]!;
        const regions = activeRegions.get(gid);
        if (mode === 0) {
          if (regions) regions.push(i);
          else activeRegions.set(gid, [i]);
        } else if (mode === 1) {
          const top = regions && regions.length > 0 ? regions[regions.length - 1]! : -1;
          if (top >= 0) {
            if (ev.a0[top] !== ev.a0[i] || ev.a2[top] !== ev.a2[i]) {
              throw new TraceError(
                `misuse of region in goroutine ${fmtU64(gid)}: span end ${goQuote(v1EventString(ev, i))} when the inner-most active span start event is ${goQuote(v1EventString(ev, top))}`,
              );
            }
            if (regions!.length > 1) regions!.pop();
            else activeRegions.delete(gid);
          }
        } else {
          throw new TraceError(`invalid user region mode: ${goQuote(v1EventString(ev, i))}`);
        }
        break;
      }
    }
    // Events must not refer to stacks that do not exist or have no frames.
    const stk = ev.stk[i]!;
    if (stk !== 0 && !stacks.has(stk)) ev.stk[i] = 0;
  }
}
