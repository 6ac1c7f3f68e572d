// Every goroutine's state history, collected in one pass over the events (fed chunk by chunk, so it
// works on a whole store or while generations stream by): each state change with its time, the
// goroutine whose event caused it (the unblocker of a Waiting->Runnable, the creator of a new
// goroutine), the wait reason, the goroutine's own stack and the causing event's stack. Also the
// tasks' begin and end. What the critical-path walk (critical-path.ts) reads backwards.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, ctxG, eventStack, newTransition, readTask, readTransition } from '../parser/event-details.js';

/** One goroutine's state changes in columns; interval k is [time[k], time[k+1]) in state[k]. */
export class GoTrack {
  n = 0;
  time = new Float64Array(8);
  /** The state entered (GoState) and the one left. */
  state = new Uint8Array(8);
  from = new Uint8Array(8);
  /** Wait reason string id (0: none). */
  reason = new Int32Array(8);
  /** The goroutine's own stack at the change (its block, stop or syscall stack; 0: none). */
  stack = new Int32Array(8);
  /** The goroutine whose event made the change (-1: none: the scheduler, a timer, the netpoller). */
  by = new Int32Array(8);
  /** That event's own stack (the unblocker's or creator's stack, 0: none). */
  byStack = new Int32Array(8);
  /** Start function (string id of the outermost frame of the first stack seen; 0: unknown). */
  name = 0;

  constructor(readonly id: number) {}

  push(time: number, from: number, to: number, reason: number, stack: number, by: number, byStack: number): void {
    if (this.n === this.time.length) this.grow();
    const k = this.n++;
    this.time[k] = time;
    this.from[k] = from;
    this.state[k] = to;
    this.reason[k] = reason;
    this.stack[k] = stack;
    this.by[k] = by;
    this.byStack[k] = byStack;
  }

  private grow(): void {
    const m = this.time.length * 2;
    const g = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(m);
      b.set(a as never);
      return b;
    };
    this.time = g(this.time);
    this.state = g(this.state);
    this.from = g(this.from);
    this.reason = g(this.reason);
    this.stack = g(this.stack);
    this.by = g(this.by);
    this.byStack = g(this.byStack);
  }

  /** Index of the last change strictly before t (-1: none). */
  before(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}

/** A task's begin and end as the walk needs them. */
export interface TaskEnds {
  id: number;
  type: string;
  /** Begin time (null: began before the trace). */
  begin: number | null;
  /** End time, the goroutine that ended it and the TaskEnd's stack (null: not ended). */
  end: number | null;
  endGoroutine: number;
  endStack: number;
}

export interface GoHistory {
  store: EventStore;
  goroutines: Map<number, GoTrack>;
  tasks: Map<number, TaskEnds>;
  /** Times of the first and the last event. */
  firstTime: number;
  lastTime: number;
}

/** Builds the history from chunks of ordered events (feed them in order, then finish()). */
export class GoHistoryBuilder {
  private gs = new Map<number, GoTrack>();
  private tasks = new Map<number, TaskEnds>();
  private t = newTransition();
  private firstTime = NaN;

  /** store: the store the chunks come from, when known up front (else the first fed chunk's). */
  constructor(private store: EventStore | null = null) {}
  private lastTime = 0;

  feed(store: EventStore, c: Chunk): void {
    if (c.n === 0) return;
    this.store = store;
    if (Number.isNaN(this.firstTime)) this.firstTime = c.timeAt(0);
    this.lastTime = c.timeAt(c.n - 1);
    const t = this.t;
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[c.typ[i]!]!;
      if (kind === Kind.StateTransition) {
        readTransition(store, c, i, t);
        if (t.resource !== Resource.Goroutine || t.from === t.to) continue;
        let g = this.gs.get(t.id);
        if (g === undefined) this.gs.set(t.id, (g = new GoTrack(t.id)));
        const by = ctxG(store, c, i);
        const own = by === t.id;
        if (g.name === 0 && t.stack !== 0) g.name = startFunc(store, t.stack);
        g.push(c.timeAt(i), t.from, t.to, t.reason, t.stack, by, own ? 0 : eventStack(c, i));
      } else if (kind === Kind.TaskBegin || kind === Kind.TaskEnd) {
        const { id, type } = readTask(store, c, i);
        let task = this.tasks.get(id);
        if (task === undefined) this.tasks.set(id, (task = { id, type, begin: null, end: null, endGoroutine: -1, endStack: 0 }));
        if (type !== '') task.type = type;
        if (kind === Kind.TaskBegin) {
          task.begin = c.timeAt(i);
        } else {
          task.end = c.timeAt(i);
          task.endGoroutine = ctxG(store, c, i);
          task.endStack = eventStack(c, i);
        }
      }
    }
  }

  finish(): GoHistory {
    if (this.store === null) throw new Error('the trace has no events');
    const first = Number.isNaN(this.firstTime) ? 0 : this.firstTime;
    return { store: this.store, goroutines: this.gs, tasks: this.tasks, firstTime: first, lastTime: this.lastTime };
  }
}

/** The event kinds the history reads (a keep filter for a streaming parse). */
export const HISTORY_KINDS: readonly Kind[] = [Kind.StateTransition, Kind.TaskBegin, Kind.TaskEnd];

/** The history of a whole parsed store. */
export function goHistory(store: EventStore): GoHistory {
  const b = new GoHistoryBuilder(store);
  for (const c of store.chunks) b.feed(store, c);
  return b.finish();
}

/** String id of the outermost frame's function of a stack (0: none). */
function startFunc(s: EventStore, stack: number): number {
  const end = s.stackEnd[stack]!;
  if (end <= s.stackStart[stack]!) return 0;
  return s.frameFunc[s.stackFrameIds[end - 1]!]!;
}
