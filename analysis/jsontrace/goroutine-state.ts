// One goroutine as the trace viewer draws it (go tool trace's gState): the row ("resource": a P,
// a thread or the goroutine itself, by view) it is executing on since when, its syscall, the
// special ranges open on it (GC mark assist, stop-the-world) and the ranges completed while it
// ran, and what will let it run next (the tail of the next flow arrow). It emits its execution
// slice, with the ranges inside it, each time it stops.
//
// Times are absolute ns (0 = unset, as in Go); stacks are store stack ids (0 = none).

import type { EventStore } from '../../parser/events.js';
import { Emitter, SYSCALL_P, NETPOLL_P } from './emitter.js';

/** "No resource" (go tool trace's -1: NoProc, NoThread, NoGoroutine). */
export const NONE = -1;

interface OpenRange {
  time: number;
  stack: number;
}

interface DoneRange {
  name: string;
  start: number;
  end: number;
  startStack: number;
  endStack: number;
  args: string;
}

/** What the generator around a goroutine knows: the emitter and the trace's time origin and end. */
export interface ViewContext {
  e: Emitter;
  store: EventStore;
  startTime: number;
  endTime: number;
  /** Whether rows are threads (network unblocks then stay on the thread's row). */
  threadRows: boolean;
}

/** `unblock (reason)`: one string per reason (unblocks come by the million, reasons are few). */
const unblockNames = new Map<string, string>();
function unblockName(reason: string): string {
  let n = unblockNames.get(reason);
  if (n === undefined) {
    if (unblockNames.size >= 4096) unblockNames.clear();
    unblockNames.set(reason, (n = `unblock (${reason})`));
  }
  return n;
}

export class GoroutineState {
  private baseName: string;
  private named = false;
  private label = '';
  /** The row it executes on (NONE when not executing). */
  executing = NONE;
  private lastStopStack = 0;
  /** Open special ranges by name, in the order opened. */
  readonly active = new Map<string, OpenRange>();
  private completed: DoneRange[] = [];
  private startRunning = 0;
  private syscallTime = 0;
  private syscallStack = 0;
  private syscallActive = false;
  private blockReason = '';
  private causeTime = 0;
  private causeName = '';
  private causeResource = 0;
  private causeStack = 0;

  constructor(readonly id: number) {
    this.baseName = `G${id}`;
  }

  /** Names the goroutine after the outermost frame of the first stack seen for it. */
  augmentName(store: EventStore, stack: number, hasStack: boolean): void {
    if (this.named || (stack === 0 && !hasStack)) return;
    let fn = '';
    if (stack > 0 && stack < store.stackEnd.length) {
      const end = store.stackEnd[stack]!;
      if (end > store.stackStart[stack]!) fn = store.strings[store.frameFunc[store.stackFrameIds[end - 1]!]!]!;
    }
    this.baseName += ` ${fn}`;
    this.named = true;
  }

  setLabel(label: string): void {
    this.label = label;
  }

  name(): string {
    return this.label !== '' ? `${this.baseName} (${this.label})` : this.baseName;
  }

  private setStartCause(ts: number, name: string, resource: number, stack: number): void {
    this.causeTime = ts;
    this.causeName = name;
    this.causeResource = resource;
    this.causeStack = stack;
  }

  /** Created on the given row (no arrow when created from nowhere). */
  created(ts: number, creator: number, stack: number): void {
    if (creator === NONE) return;
    this.setStartCause(ts, 'go', creator, stack);
  }

  /** Starts running on a row: the arrow from what let it run, if anything. */
  start(ctx: ViewContext, ts: number, resource: number): void {
    if (this.active.size !== 0) {
      for (const r of this.active.values()) {
        r.time = ts;
        r.stack = 0;
      }
    }
    if (this.causeName !== '') {
      const e = ctx.e;
      e.arrow(this.causeName, this.causeTime - ctx.startTime, ts - ctx.startTime, this.causeResource, resource, e.stack(this.causeStack));
      this.causeTime = 0;
      this.causeName = '';
      this.causeResource = 0;
      this.causeStack = 0;
    }
    this.executing = resource;
    this.startRunning = ts;
  }

  syscallBegin(ts: number, resource: number, stack: number): void {
    this.syscallTime = ts;
    this.syscallStack = stack;
    this.syscallActive = true;
    if (this.executing === NONE) {
      this.executing = resource;
      this.startRunning = ts;
    }
  }

  /** Ends the syscall slice (it is written with the execution slice when the goroutine stops). */
  syscallEnd(ts: number, blocked: boolean): void {
    if (!this.syscallActive) return;
    this.completed.push({
      name: 'syscall',
      start: this.syscallTime,
      end: ts,
      startStack: this.syscallStack,
      endStack: 0,
      args: blocked ? '{"blocked":"yes"}' : '{"blocked":"no"}',
    });
    this.syscallActive = false;
    this.syscallTime = 0;
    this.syscallStack = 0;
  }

  /** The blocked syscall returned: an instant on the Syscalls row and the next arrow's tail. */
  blockedSyscallEnd(ctx: ViewContext, ts: number, stack: number): void {
    const name = 'exit blocked syscall';
    this.setStartCause(ts, name, SYSCALL_P, stack);
    ctx.e.instant(name, ts - ctx.startTime, SYSCALL_P, ctx.e.stack(stack));
  }

  /** Unblocked by whoever ran on the given row (network unblocks come from the Network row). */
  unblock(ctx: ViewContext, ts: number, stack: number, resource: number): void {
    let name = 'unblock';
    let from = resource;
    if (this.blockReason !== '') name = unblockName(this.blockReason);
    if (this.blockReason.includes('network')) {
      if (!ctx.threadRows) from = NETPOLL_P;
      ctx.e.instant(name, ts - ctx.startTime, from, ctx.e.stack(stack));
    }
    this.blockReason = '';
    if (from !== 0) this.setStartCause(ts, name, from, stack);
  }

  block(ctx: ViewContext, ts: number, stack: number, reason: string): void {
    this.blockReason = reason;
    this.stop(ctx, ts, stack);
  }

  /** Stops executing: its execution slice, the ranges completed while it ran and those still open. */
  stop(ctx: ViewContext, ts: number, stack: number): void {
    const e = ctx.e;
    const sf = this.lastStopStack !== 0 ? e.stack(this.lastStopStack) : 0;
    const esf = stack !== 0 ? e.stack(stack) : 0;
    const on = this.executing;
    // go tool trace panics on a stop without a start (a broken trace); the slice is left out here.
    if (this.startRunning !== 0 && on !== NONE) {
      e.slice(this.name(), this.startRunning - ctx.startTime, ts - this.startRunning, on, sf, esf);
    }
    if (this.completed.length !== 0) {
      for (const r of this.completed) {
        const rs = e.stack(r.startStack);
        const re = e.stack(r.endStack);
        e.slice(r.name, r.start - ctx.startTime, r.end - r.start, on, rs, re, r.args);
      }
      this.completed.length = 0;
    }
    if (this.active.size !== 0) {
      for (const [name, r] of this.active) {
        const rs = e.stack(r.stack);
        if (r.time !== 0) e.slice(name, r.time - ctx.startTime, ts - r.time, on, rs, 0);
        r.time = 0;
        r.stack = 0;
      }
    }
    this.startRunning = 0;
    this.lastStopStack = stack;
    this.executing = NONE;
  }

  /** At the end of the trace: closes what is still executing. */
  finish(ctx: ViewContext): void {
    if (this.executing !== NONE) {
      this.syscallEnd(ctx.endTime, false);
      this.stop(ctx, ctx.endTime, 0);
    }
  }

  rangeBegin(ts: number, name: string, stack: number): void {
    this.active.set(name, { time: this.executing !== NONE ? ts : 0, stack });
  }

  rangeActive(name: string): void {
    this.active.set(name, { time: this.executing !== NONE ? this.startRunning : 0, stack: 0 });
  }

  rangeEnd(ts: number, name: string, stack: number): void {
    if (this.executing !== NONE) {
      const r = this.active.get(name);
      this.completed.push({ name, start: r?.time ?? 0, end: ts, startStack: r?.stack ?? 0, endStack: stack, args: '' });
    }
    this.active.delete(name);
  }

  get inMarkAssist(): boolean {
    return this.active.has('GC mark assist');
  }
}
