// How each goroutine began and how it stands at the trace's end: its creator (goroutine, time,
// stack) and its last state transition (state, reason, stack, time). The goroutine detail page
// and the "still alive at the end" (leak) view read it; one pass over the transitions.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, ctxG, eventStack, newTransition, readTransition } from '../parser/event-details.js';
import { Ev } from '../parser/wire/specs.js';

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

/** Builds the fates chunk by chunk, in event order (a parser's onChunk can feed it). */
export class GoroutineFatesPass {
  readonly fates = new Map<number, GoroutineFate>();
  private t = newTransition();

  feed(store: EventStore, c: Chunk): void {
    const fates = this.fates;
    const t = this.t;
    const typ = c.typ;
    for (let i = 0; i < c.n; i++) {
      if (TYPE_KIND[typ[i]!] !== Kind.StateTransition) continue;
      readTransition(store, c, i, t);
      if (t.resource !== Resource.Goroutine) continue;
      let f = fates.get(t.id);
      if (f === undefined) {
        f = { id: t.id, creator: -1, createdAt: -1, createStack: 0, startStack: 0, state: GoState.Undetermined, reason: 0, stack: 0, since: 0 };
        fates.set(t.id, f);
      }
      const time = c.timeAt(i);
      if (t.from === GoState.NotExist && t.to === GoState.Runnable) {
        f.creator = typ[i] === Ev.GoCreate || typ[i] === Ev.GoCreateBlocked ? ctxG(store, c, i) : -1;
        f.createdAt = time;
        f.createStack = eventStack(c, i);
        f.startStack = t.stack;
      }
      // A generation's status event restates a known state without its reason: keep the original.
      if (t.from === t.to || (t.from === GoState.Undetermined && f.state === t.to)) continue;
      f.state = t.to;
      f.reason = t.reason;
      f.stack = t.stack;
      f.since = time;
    }
  }

  finish(): Map<number, GoroutineFate> {
    return this.fates;
  }
}

/** Creation and final state of every goroutine, by id. Times are the store's (absolute ns). */
export function goroutineFates(store: EventStore): Map<number, GoroutineFate> {
  const pass = new GoroutineFatesPass();
  for (const c of store.chunks) pass.feed(store, c);
  return pass.finish();
}
