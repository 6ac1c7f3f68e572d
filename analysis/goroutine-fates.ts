// How each goroutine began and how it stands at the trace's end: its creator (goroutine, time,
// stack) and its last state transition (state, reason, stack, time). The goroutine detail page
// and the "still alive at the end" (leak) view read it. Kept in columns by goroutine (slot in
// order of first appearance), not an object per goroutine: a trace can hold hundreds of
// thousands of them. Fed transition by transition, by its own pass or by the goroutine
// summarizer, which decodes the transitions anyway.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, Transition, ctxG, eventStack, newTransition, readTransition } from '../parser/event-details.js';
import { Ev } from '../parser/wire/specs.js';
import { IdSlots } from '../parser/id-table.js';

export interface GoroutineFate {
  id: number;
  /** The creating goroutine (-1: none or before the trace), time and creation-site stack (0: none). */
  creator: number;
  createdAt: number;
  createStack: number;
  /** The stack the goroutine was created with (its start function). */
  startStack: number;
  /** Last transition: the state it entered (GoState), its reason string id, its stack and time. */
  state: number;
  reason: number;
  stack: number;
  since: number;
}

/** Growable columns of the fates, by slot. */
class FateColumns {
  n = 0;
  creator = new Float64Array(1024);
  createdAt = new Float64Array(1024);
  since = new Float64Array(1024);
  createStack = new Uint32Array(1024);
  startStack = new Uint32Array(1024);
  reason = new Uint32Array(1024);
  stack = new Uint32Array(1024);
  state = new Uint8Array(1024);

  /** A new slot for a goroutine not seen yet (creator unknown, state undetermined). */
  add(): number {
    if (this.n === this.state.length) this.grow();
    const s = this.n++;
    this.creator[s] = -1;
    this.createdAt[s] = -1;
    return s;
  }

  private grow(): void {
    const cap = this.state.length * 2;
    const g = <T extends Float64Array | Uint32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a as never);
      return b;
    };
    this.creator = g(this.creator);
    this.createdAt = g(this.createdAt);
    this.since = g(this.since);
    this.createStack = g(this.createStack);
    this.startStack = g(this.startStack);
    this.reason = g(this.reason);
    this.stack = g(this.stack);
    this.state = g(this.state);
  }
}

/** Every goroutine's fate, by id. Times are the store's (absolute ns). A PassObserver. */
export class GoroutineFates {
  private slots = new IdSlots();
  private cols = new FateColumns();

  get size(): number {
    return this.slots.size;
  }

  get(id: number): GoroutineFate | undefined {
    const s = this.slots.get(id);
    return s < 0 ? undefined : this.at(s);
  }

  /** Every fate, in order of the goroutines' first appearance. */
  *values(): IterableIterator<GoroutineFate> {
    for (let s = 0; s < this.slots.size; s++) yield this.at(s);
  }

  private at(s: number): GoroutineFate {
    const c = this.cols;
    return {
      id: this.slots.ids[s]!,
      creator: c.creator[s]!,
      createdAt: c.createdAt[s]!,
      createStack: c.createStack[s]!,
      startStack: c.startStack[s]!,
      state: c.state[s]!,
      reason: c.reason[s]!,
      stack: c.stack[s]!,
      since: c.since[s]!,
    };
  }

  /** Takes in transition t, decoded from event i of chunk c (any resource; others are ignored). */
  transition(store: EventStore, c: Chunk, i: number, t: Transition): void {
    if (t.resource !== Resource.Goroutine) return;
    const slots = this.slots;
    const cols = this.cols;
    let s = slots.get(t.id);
    if (s < 0) {
      s = slots.slot(t.id);
      cols.add();
    }
    const time = c.timeAt(i);
    if (t.from === GoState.NotExist && t.to === GoState.Runnable) {
      const typ = c.typ[i];
      cols.creator[s] = typ === Ev.GoCreate || typ === Ev.GoCreateBlocked ? ctxG(store, c, i) : -1;
      cols.createdAt[s] = time;
      cols.createStack[s] = eventStack(c, i);
      cols.startStack[s] = t.stack;
    }
    // A generation's status event restates a known state without its reason: keep the original.
    if (t.from === t.to || (t.from === GoState.Undetermined && cols.state[s] === t.to)) return;
    cols.state[s] = t.to;
    cols.reason[s] = t.reason;
    cols.stack[s] = t.stack;
    cols.since[s] = time;
  }
}

/** Builds the fates chunk by chunk, in event order (a parser's onChunk can feed it). */
export class GoroutineFatesPass {
  readonly fates = new GoroutineFates();
  private t = newTransition();

  feed(store: EventStore, c: Chunk): void {
    const typ = c.typ;
    for (let i = 0; i < c.n; i++) {
      if (TYPE_KIND[typ[i]!] !== Kind.StateTransition) continue;
      readTransition(store, c, i, this.t);
      this.fates.transition(store, c, i, this.t);
    }
  }

  finish(): GoroutineFates {
    return this.fates;
  }
}

/** Creation and final state of every goroutine, by id. */
export function goroutineFates(store: EventStore): GoroutineFates {
  const pass = new GoroutineFatesPass();
  for (const c of store.chunks) pass.feed(store, c);
  return pass.finish();
}
