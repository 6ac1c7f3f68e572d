// The view by goroutine (view=goroutine with goid=, or taskid=): one row per goroutine, limited
// to a set of goroutines (the one asked for and those related to it, or a task's), with the
// focused goroutine on top. Syscalls are slices on the goroutine's own row; Ps are not drawn.

import { GoState } from '../../parser/events.js';
import type { Transition } from '../../parser/event-details.js';
import type { ViewContext } from './goroutine-state.js';
import { EventAt, ViewBase, executing, startOf } from './view-base.js';

export class GoroutineView extends ViewBase {
  constructor(
    ctx: ViewContext,
    /** The goroutine put on top (0: none). */
    private focusG: number,
  ) {
    super(ctx);
  }

  rowOf(ev: EventAt): number {
    return ev.g;
  }

  goroutineTransition(ev: EventAt, t: Transition): void {
    const ctx = this.ctx;
    const id = t.id;
    const g = this.goroutine(id);
    g.augmentName(ctx.store, t.stack, t.hasStack);
    const from = t.from;
    const to = t.to;
    if (from === to) return;
    const time = ev.time;
    if (executing(from) && !executing(to)) {
      if (to === GoState.Waiting) g.block(ctx, time, ev.stack, ctx.store.strings[t.reason]!);
      else g.stop(ctx, time, ev.stack);
    }
    if (!executing(from) && executing(to)) g.start(ctx, startOf(ctx, ev, from), id);
    if (from === GoState.Waiting) g.unblock(ctx, time, ev.stack, ev.g);
    if (from === GoState.NotExist && to === GoState.Runnable) g.created(time, ev.g, ev.stack);
    if (from === GoState.Syscall && to !== GoState.Running) {
      g.syscallEnd(time, true);
      g.blockedSyscallEnd(ctx, time, ev.stack);
    } else if (from === GoState.Syscall) {
      g.syscallEnd(time, false);
    }
    if (to === GoState.Syscall) g.syscallBegin(startOf(ctx, ev, from), id, ev.stack);
    this.countTransition(ev, g, from, to);
  }

  procTransition(): void {
    // Everything a goroutine row shows comes from goroutine transitions.
  }

  finish(): void {
    const e = this.ctx.e;
    e.setResourceType('G');
    this.finishGlobalRanges();
    this.finishGoroutines((g) => e.resource(g.id, g.name()));
    if (this.focusG !== -1) e.focus(this.focusG);
  }
}
