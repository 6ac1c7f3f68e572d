// The timeline rows pass's first pass (build.ts): the goroutine and thread slots in order of first
// appearance and an upper bound of each one's rows (and the metric events), from which the build
// sizes its columns. Fed a chunk at a time, so that the server counts while the trace is parsed
// (trace-loader.ts) and the worker's build starts at its second pass.

import { Chunk, Kind, TYPE_KIND } from '../../parser/events.js';
import { Ev } from '../../parser/wire/specs.js';
import { IdSlots } from '../id-slots.js';

/** How the goroutine of a transition event is found: 1 = argument 0, 2 = the context's G, 0 = not a goroutine transition. */
const GOROUTINE_OF = new Uint8Array(256);
for (const t of [Ev.GoCreate, Ev.GoCreateBlocked, Ev.GoCreateSyscall, Ev.GoStart, Ev.GoUnblock, Ev.GoSwitch, Ev.GoSwitchDestroy, Ev.GoStatus, Ev.GoStatusStack]) {
  GOROUTINE_OF[t] = 1;
}
for (const t of [Ev.GoDestroy, Ev.GoDestroySyscall, Ev.GoStop, Ev.GoBlock, Ev.GoSyscallBegin, Ev.GoSyscallEnd, Ev.GoSyscallEndBlocked]) GOROUTINE_OF[t] = 2;

function growU32(a: Uint32Array, n: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Transitions that may put a goroutine on a P or thread (to Running or Syscall). */
const TO_P = new Uint8Array(256);
for (const t of [Ev.GoStart, Ev.GoSyscallEnd, Ev.GoSyscallBegin, Ev.GoCreateSyscall, Ev.GoStatus, Ev.GoStatusStack]) TO_P[t] = 1;

export interface Counts {
  /** Per goroutine slot: transitions. */
  goroutines: Uint32Array;
  /** Per P id / thread slot: transitions that may start a row on it. */
  procs: Uint32Array;
  threads: Uint32Array;
  /** Metric events (the counters' values). */
  metrics: number;
}

/** The counts so far, fed chunk by chunk in order (feed), then taken (counts). */
export class RowCounts {
  readonly goroutineSlots = new IdSlots();
  readonly threadSlots = new IdSlots();
  private g: Uint32Array = new Uint32Array(1024);
  private p: Uint32Array = new Uint32Array(8);
  private m: Uint32Array = new Uint32Array(8);
  private metrics = 0;
  /** Chunks fed. */
  chunks = 0;

  /** The instance again after a structured clone (which keeps the fields, not the classes). */
  static revive(d: RowCounts): RowCounts {
    return Object.assign(Object.create(RowCounts.prototype) as RowCounts, d, {
      goroutineSlots: IdSlots.revive(d.goroutineSlots),
      threadSlots: IdSlots.revive(d.threadSlots),
    });
  }

  get counts(): Counts {
    return { goroutines: this.g, procs: this.p, threads: this.m, metrics: this.metrics };
  }

  feed(c: Chunk): void {
    this.chunks++;
    const goroutineSlots = this.goroutineSlots;
    const threadSlots = this.threadSlots;
    let g = this.g;
    let p = this.p;
    let m = this.m;
    let metrics = this.metrics;
    const typ = c.typ;
    const ctx = c.ctx;
    const cg = c.ctxG;
    for (let i = 0; i < c.n; i++) {
      const ty = typ[i]!;
      const how = GOROUTINE_OF[ty]!;
      if (how === 0) {
        if (TYPE_KIND[ty] === Kind.Metric) metrics++;
        continue;
      }
      const id = how === 1 ? c.arg(i, 0) : cg[ctx[i]!]!;
      if (id < 0) continue;
      const s = goroutineSlots.slot(id);
      if (s >= g.length) g = growU32(g, s + 1);
      g[s]!++;
      if (TO_P[ty] === 0) continue;
      const pid = c.ctxP[ctx[i]!]!;
      if (pid >= 0) {
        if (pid >= p.length) p = growU32(p, pid + 1);
        p[pid]!++;
      }
      const mid = c.ctxM[ctx[i]!]!;
      if (mid >= 0) {
        const ms = threadSlots.slot(mid);
        if (ms >= m.length) m = growU32(m, ms + 1);
        m[ms]!++;
      }
    }
    this.g = g;
    this.p = p;
    this.m = m;
    this.metrics = metrics;
  }
}

