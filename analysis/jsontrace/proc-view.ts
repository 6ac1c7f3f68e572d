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

/**
 * A proc range's entry, kept once made (a range begins and ends on its P thousands of times:
 * deleting and adding the entry each time made a Map table anew). open: begun and not ended;
 * seq: when it was opened (the order the still-open ones are closed in at the end).
 */
interface ProcRange {
  time: number;
  stack: number;
  open: boolean;
  seq: number;
}

export class ProcView extends ViewBase {
  /** The goroutine in a syscall on each P (go tool trace's inSyscall). */
  private inSyscall = new Map<number, GoroutineState>();
  private maxProc = 0;
  /** Open proc ranges by name and P. */
  private ranges = new Map<string, Map<number, ProcRange>>();
  private opened = 0;

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
        this.open(byP, proc, ev.time, ev.stack);
        return;
      case 'active':
        if (this.seenSync < 2) this.open(byP, proc, this.ctx.startTime, ev.stack);
        return;
      case 'end': {
        const r = byP.get(proc);
        const open = r !== undefined && r.open;
        const time = open ? r.time : 0;
        const e = this.ctx.e;
        const sf = e.stack(open ? r.stack : 0);
        const esf = e.stack(ev.stack);
        e.slice(name, time - this.ctx.startTime, ev.time - time, proc, sf, esf);
        if (open) r.open = false;
        return;
      }
    }
  }

  /** (Re)opens proc's range; one already open keeps its place in the order. */
  private open(byP: Map<number, ProcRange>, proc: number, time: number, stack: number): void {
    const r = byP.get(proc);
    if (r === undefined) {
      byP.set(proc, { time, stack, open: true, seq: ++this.opened });
      return;
    }
    r.time = time;
    r.stack = stack;
    if (!r.open) {
      r.open = true;
      r.seq = ++this.opened;
    }
  }

  finish(): void {
    const ctx = this.ctx;
    const e = ctx.e;
    e.setResourceType('PROCS');
    // Proc ranges end before the goroutine slices they may sit in.
    for (const [name, byP] of this.ranges) {
      const open = [...byP].filter(([, r]) => r.open).sort((a, b) => a[1].seq - b[1].seq);
      for (const [proc, r] of open) e.slice(name, r.time - ctx.startTime, ctx.endTime - r.time, proc, e.stack(r.stack), 0);
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
