// The view by OS thread (view=thread): one row per M. A goroutine is drawn on the thread it runs
// on, including its whole syscall (blocked or not); Ps starting and stopping are instants on the
// thread that did it. Proc ranges are not drawn.

import { GoState, ProcState } from '../../parser/events.js';
import type { Transition } from '../../parser/event-details.js';
import type { ViewContext } from './goroutine-state.js';
import { NONE } from './goroutine-state.js';
import { schedArgs } from './proc-view.js';
import { EventAt, ViewBase, executing, startOf } from './view-base.js';

export class ThreadView extends ViewBase {
  /** Threads seen, in order of first appearance. */
  private threads = new Set<number>();

  constructor(ctx: ViewContext) {
    super(ctx);
  }

  rowOf(ev: EventAt): number {
    return ev.m;
  }

  goroutineTransition(ev: EventAt, t: Transition): void {
    if (ev.m !== NONE) this.threads.add(ev.m);
    const ctx = this.ctx;
    const g = this.goroutine(t.id);
    g.augmentName(ctx.store, t.stack, t.hasStack);
    const from = t.from;
    const to = t.to;
    if (from === to) return;
    const time = ev.time;
    if (executing(from) && !executing(to)) {
      if (to === GoState.Waiting) g.block(ctx, time, ev.stack, ctx.store.strings[t.reason]!);
      else g.stop(ctx, time, ev.stack);
    }
    if (!executing(from) && executing(to)) g.start(ctx, startOf(ctx, ev, from), ev.m);
    if (from === GoState.Waiting) g.unblock(ctx, time, ev.stack, ev.m);
    if (from === GoState.NotExist && to === GoState.Runnable) g.created(time, ev.m, ev.stack);
    if (from === GoState.Syscall) g.syscallEnd(time, to !== GoState.Running);
    if (to === GoState.Syscall) g.syscallBegin(startOf(ctx, ev, from), ev.m, ev.stack);
    this.countTransition(ev, g, from, to);
  }

  procTransition(ev: EventAt, t: Transition): void {
    if (ev.m !== NONE) this.threads.add(ev.m);
    const ctx = this.ctx;
    const e = ctx.e;
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
    }
    if (name !== '') e.instant(name, ts, ev.m, sf, schedArgs(ev.m, t.id));
  }

  finish(): void {
    const e = this.ctx.e;
    e.setResourceType('OS THREADS');
    this.finishGlobalRanges();
    this.finishGoroutines();
    for (const m of this.threads) e.resource(m, `Thread ${m}`);
  }
}
