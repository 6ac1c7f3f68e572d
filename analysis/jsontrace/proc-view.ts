// The view by proc (go tool trace's default, view=proc): one row per P. A goroutine's slice is
// drawn on the P it runs on; a syscall occupies the P until the syscall returns or the P is taken
// away from it (then the syscall is shown as blocked). Ps starting and stopping are instants and
// drive the "Threads" counter; GC sweeps are slices on their P.

import { GoState, ProcState } from '../../parser/events.js';
import type { Transition } from '../../parser/event-details.js';
import { u64 } from './json-text.js';
import type { GoroutineState, ViewContext } from './goroutine-state.js';
import { NONE } from './goroutine-state.js';
import { EventAt, ViewBase, executing, startOf } from './view-base.js';

interface OpenRange {
  time: number;
  stack: number;
}

export class ProcView extends ViewBase {
  /** The goroutine in a syscall on each P (go tool trace's inSyscall). */
  private inSyscall = new Map<number, GoroutineState>();
  private maxProc = 0;
  /** Open proc ranges by name and P. */
  private ranges = new Map<string, Map<number, OpenRange>>();

  constructor(ctx: ViewContext) {
    super(ctx);
  }

  rowOf(ev: EventAt): number {
    return ev.p;
  }

  goroutineTransition(ev: EventAt, t: Transition): void {
    const ctx = this.ctx;
    const g = this.goroutine(t.id);
    g.augmentName(ctx.store, t.stack, t.hasStack);
    const from = t.from;
    const to = t.to;
    if (from === to) return;
    const time = ev.time;
    if (from === GoState.Running && !executing(to)) {
      if (to === GoState.Waiting) g.block(ctx, time, ev.stack, ctx.store.strings[t.reason]!);
      else g.stop(ctx, time, ev.stack);
    }
    if (!executing(from) && to === GoState.Running) g.start(ctx, startOf(ctx, ev, from), ev.p);
    if (from === GoState.Waiting) g.unblock(ctx, time, ev.stack, ev.p);
    if (from === GoState.NotExist && to === GoState.Runnable) g.created(time, ev.p, ev.stack);
    if (from === GoState.Syscall && to !== GoState.Running) g.blockedSyscallEnd(ctx, time, ev.stack);
    if (to === GoState.Syscall && ev.p !== NONE) {
      g.syscallBegin(startOf(ctx, ev, from), ev.p, ev.stack);
      this.inSyscall.set(ev.p, g);
    }
    // Leaving a syscall that kept its P: the syscall did not block.
    if (from === GoState.Syscall && this.inSyscall.has(ev.p)) {
      g.syscallEnd(time, false);
      this.inSyscall.delete(ev.p);
    }
    this.countTransition(ev, g, from, to);
  }

  procTransition(ev: EventAt, t: Transition): void {
    const ctx = this.ctx;
    const e = ctx.e;
    const proc = t.id;
    if (proc > this.maxProc) this.maxProc = proc;
    const sf = e.stack(ev.stack);
    if (t.from === t.to) return;
    let name = '';
    let ts = 0;
    if (t.to === ProcState.Running) {
      const start = t.from === ProcState.Undetermined ? ctx.startTime : ev.time;
      name = 'proc start';
      ts = start - ctx.startTime;
      e.threadsRunningChange(ts, 1);
    }
    if (t.from === ProcState.Running) {
      name = 'proc stop';
      ts = ev.time - ctx.startTime;
      e.threadsRunningChange(ts, -1);
      // The P stopped under a goroutine in a syscall: the syscall blocked; its slice ends here.
      const g = this.inSyscall.get(proc);
      if (g !== undefined) {
        g.syscallEnd(ev.time, true);
        g.stop(ctx, ev.time, ev.stack);
        this.inSyscall.delete(proc);
      }
    }
    if (name !== '') e.instant(name, ts, proc, sf, schedArgs(ev.m, proc));
  }

  override procRange(ev: EventAt, kind: 'begin' | 'active' | 'end', name: string, proc: number): void {
    let byP = this.ranges.get(name);
    if (byP === undefined) this.ranges.set(name, (byP = new Map()));
    switch (kind) {
      case 'begin':
        byP.set(proc, { time: ev.time, stack: ev.stack });
        return;
      case 'active':
        if (this.seenSync < 2) byP.set(proc, { time: this.ctx.startTime, stack: ev.stack });
        return;
      case 'end': {
        const r = byP.get(proc) ?? { time: 0, stack: 0 };
        const e = this.ctx.e;
        const sf = e.stack(r.stack);
        const esf = e.stack(ev.stack);
        e.slice(name, r.time - this.ctx.startTime, ev.time - r.time, proc, sf, esf);
        byP.delete(proc);
        return;
      }
    }
  }

  finish(): void {
    const ctx = this.ctx;
    const e = ctx.e;
    e.setResourceType('PROCS');
    // Proc ranges end before the goroutine slices they may sit in.
    for (const [name, byP] of this.ranges) {
      for (const [proc, r] of byP) e.slice(name, r.time - ctx.startTime, ctx.endTime - r.time, proc, e.stack(r.stack), 0);
    }
    this.finishGlobalRanges();
    this.finishGoroutines();
    for (let p = 0; p <= this.maxProc; p++) e.resource(p, `Proc ${p}`);
  }
}

/** The thread and proc of a P's start or stop ({"thread":m,"proc":p}, zeros left out). */
export function schedArgs(m: number, p: number): string {
  const parts: string[] = [];
  if (m !== 0) parts.push(`"thread":${u64(m)}`);
  if (p !== 0) parts.push(`"proc":${u64(p)}`);
  return `{${parts.join(',')}}`;
}
