// Reads a range event's name and scope without allocating (a reused result and cached
// stop-the-world names), for analyses that visit every range event.

import { Ev } from '../parser/wire/specs.js';
import { Chunk, EventStore } from '../parser/events.js';
import { Resource, ctxG, ctxP } from '../parser/event-details.js';

export interface RangeInfo {
  name: string;
  scope: Resource;
  /** Goroutine or proc id of the scope (0 when the scope is None). */
  id: number;
}

export class RangeReader {
  readonly r: RangeInfo = { name: '', scope: Resource.None, id: 0 };
  private stwNames = new Map<number, string>();
  constructor(private s: EventStore) {}

  /** Decodes range event i of chunk c (a RangeBegin/Active/End kind) into this.r and returns it. */
  read(c: Chunk, i: number): RangeInfo {
    const s = this.s;
    const r = this.r;
    switch (c.typ[i]!) {
      case Ev.STWBegin:
      case Ev.STWEnd: {
        const sid = c.str(c.arg(i, 0));
        let name = this.stwNames.get(sid);
        if (name === undefined) {
          name = `stop-the-world (${s.strings[sid]})`;
          this.stwNames.set(sid, name);
        }
        r.name = name;
        r.scope = Resource.Goroutine;
        r.id = ctxG(s, c, i);
        break;
      }
      case Ev.GCBegin:
      case Ev.GCActive:
      case Ev.GCEnd:
        r.name = 'GC concurrent mark phase';
        r.scope = Resource.None;
        r.id = 0;
        break;
      case Ev.GCSweepBegin:
      case Ev.GCSweepEnd:
        r.name = 'GC incremental sweep';
        r.scope = Resource.Proc;
        r.id = ctxP(s, c, i);
        break;
      case Ev.GCSweepActive:
        r.name = 'GC incremental sweep';
        r.scope = Resource.Proc;
        r.id = c.arg(i, 0);
        break;
      case Ev.GCMarkAssistActive:
        r.name = 'GC mark assist';
        r.scope = Resource.Goroutine;
        r.id = c.arg(i, 0);
        break;
      default:
        r.name = 'GC mark assist';
        r.scope = Resource.Goroutine;
        r.id = ctxG(s, c, i);
    }
    return r;
  }
}
