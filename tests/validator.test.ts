// The event validator (tests/support/validate) itself: small hand-made event streams, each
// breaking one of Go's testtrace rules, must be rejected with that rule; the valid one must pass.
// (tests/event-validation.test.ts runs it on every real trace.)

import { describe, it, expect } from 'vitest';
import { Chunk, EventStore, GoState, ProcState, STORED_ARGS } from '../parser/events.js';
import { Ev, GoStatus, ProcStatus } from '../parser/wire/specs.js';
import { validateStore } from './support/validate/index.js';

interface E {
  t: number;
  typ: Ev;
  g?: number;
  p?: number;
  m?: number;
  /** Stored arguments (see parser/events.ts STORED_ARGS); string arguments index `strings`. */
  args?: number[];
}

interface Opts {
  version?: number;
  strings?: string[];
  /** Sync records (n, and an optional clock snapshot) for the ReaderSync events, in order. */
  syncs?: { n: number; clock?: { trace: number; mono: number; sec: number; nsec: number } }[];
  /** Stacks: each a list of frames [func, file, pc, line] (func/file as strings). */
  stacks?: [string, string, number, number][][];
}

/** A one-chunk store holding the events as the parser would store them. */
function storeOf(events: E[], o: Opts = {}): EventStore {
  const s = new EventStore();
  s.version = o.version ?? 23;
  s.strings = ['', ...(o.strings ?? [])];
  const str = (x: string) => {
    let i = s.strings.indexOf(x);
    if (i < 0) i = s.strings.push(x) - 1;
    return i;
  };
  for (const frames of o.stacks ?? []) {
    s.stackStart.push(s.stackFrameIds.length);
    for (const [fn, file, pc, line] of frames) {
      s.stackFrameIds.push(s.framePc.length);
      s.framePc.push(pc);
      s.frameFunc.push(str(fn));
      s.frameFile.push(str(file));
      s.frameLine.push(line);
    }
    s.stackEnd.push(s.stackFrameIds.length);
  }
  s.syncs = (o.syncs ?? [{ n: 1 }]).map((x, k) => ({
    n: x.n,
    clockTrace: x.clock?.trace ?? null,
    mono: x.clock?.mono ?? 0,
    sec: x.clock?.sec ?? 0,
    nsec: x.clock?.nsec ?? 0,
    gen: k + 1,
  }));
  const c = new Chunk(64);
  let q = 0;
  events.forEach((e, i) => {
    c.setTime(i, e.t);
    c.typ[i] = e.typ;
    c.ctx[i] = c.addCtx(e.g ?? -1, e.p ?? -1, e.m ?? -1);
    const args = e.args ?? [];
    expect(args.length, `event ${i}: stored arguments of type ${e.typ}`).toBe(STORED_ARGS[e.typ]);
    c.setArgStart(i, q);
    for (const a of args) {
      let v = a + 1;
      while (v >= 0x80) {
        c.args[q++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      c.args[q++] = v;
    }
    c.n++;
  });
  c.argLen = q;
  s.chunks = [c];
  return s;
}

const S = (ix: number) => ({ t: 0, typ: Ev.ReaderSync, args: [ix] }) as E;
const goStatus = (g: number, from: GoState, status: GoStatus, m = 0) => [g, m, from * 2 ** 32 + status];

/** A valid stream: a proc and a goroutine found running, then a stop/start/block/unblock cycle. */
function valid(): E[] {
  return [
    { ...S(0), t: 10 },
    { t: 20, typ: Ev.ProcStatus, p: 0, m: 0, args: [0, ProcStatus.Running, ProcState.Undetermined] },
    { t: 30, typ: Ev.GoStatus, g: 1, p: 0, m: 0, args: goStatus(1, GoState.Undetermined, GoStatus.Running) },
    { t: 40, typ: Ev.GoStatus, g: 1, p: 0, m: 0, args: goStatus(2, GoState.Undetermined, GoStatus.Runnable) },
    { t: 50, typ: Ev.GoStop, g: 1, p: 0, m: 0, args: [0, 0] },
    { t: 60, typ: Ev.GoStart, g: -1, p: 0, m: 0, args: [2, 1] },
    { t: 70, typ: Ev.GoBlock, g: 2, p: 0, m: 0, args: [0, 0] },
    { t: 80, typ: Ev.GoStart, g: -1, p: 0, m: 0, args: [1, 1] },
    { t: 90, typ: Ev.GoUnblock, g: 1, p: 0, m: 0, args: [2, 2, 0] },
    { t: 100, typ: Ev.GoDestroy, g: 1, p: 0, m: 0, args: [] },
    { t: 110, typ: Ev.ProcStop, g: -1, p: 0, m: 0, args: [] },
  ];
}

function messages(events: E[], o?: Opts): string[] {
  return validateStore(storeOf(events, o)).map((p) => p.message);
}

describe('event validator', () => {
  it('passes a valid stream', () => {
    expect(messages(valid())).toEqual([]);
  });

  it('rejects a time that does not increase', () => {
    const ev = valid();
    ev[6]!.t = ev[5]!.t;
    expect(messages(ev)).toEqual(['time 60 does not come after the previous event\'s 60']);
  });

  it('rejects a transition from a state the goroutine is not in', () => {
    const ev = valid();
    ev.splice(6, 1, { t: 70, typ: Ev.GoStart, g: -1, p: 0, m: 0, args: [2, 2] }); // g2 is running already
    expect(messages(ev)).toContain('goroutine 2 leaves Runnable but was Running');
  });

  it('rejects two goroutines on one thread, and a goroutine stopping on a thread it does not hold', () => {
    const ev = valid();
    ev.splice(4, 0, { t: 45, typ: Ev.GoStatus, g: -1, p: 0, m: 0, args: goStatus(3, GoState.Undetermined, GoStatus.Running) });
    const got = messages(ev);
    expect(got).toContain('goroutine 3 starts on thread 0, which is running goroutine 1');
    // g3 took the thread, so g1 stops on a thread running someone else.
    expect(got).toContain('goroutine 1 stops, but thread 0 it ran on is running goroutine 3');
  });

  it('rejects a goroutine first seen leaving a state other than Undetermined/NotExist', () => {
    const ev = valid();
    ev.splice(5, 0, { t: 55, typ: Ev.GoUnblock, g: -1, p: 0, m: 0, args: [7, 1, 0] });
    expect(messages(ev)).toEqual(['goroutine 7 first seen leaving Waiting']);
  });

  it('rejects Undetermined after the second sync, and a goroutine going to Undetermined', () => {
    const ev = valid();
    ev.push({ ...S(1), t: 120 }, { t: 130, typ: Ev.GoStatus, g: -1, p: -1, m: -1, args: goStatus(9, GoState.Undetermined, GoStatus.Waiting) });
    expect(messages(ev, { syncs: [{ n: 1 }, { n: 2 }] })).toEqual(['goroutine 9 still Undetermined after sync 2']);
    const ev2 = valid();
    ev2.push({ t: 120, typ: Ev.GoStatus, g: -1, p: -1, m: -1, args: goStatus(9, GoState.Undetermined, GoStatus.Bad) });
    expect(messages(ev2)).toEqual(['goroutine 9 goes to Undetermined']);
  });

  it('rejects syncs that do not count up by one', () => {
    const ev = valid();
    ev.push({ ...S(1), t: 120 });
    expect(messages(ev, { syncs: [{ n: 1 }, { n: 3 }] })).toEqual(['sync number 3 after 1 (they count up by one)']);
  });

  it('checks clock snapshots from format 1.25 on', () => {
    const clock = (trace: number, mono: number, sec: number) => ({ trace, mono, sec, nsec: 5 });
    const ev = [...valid(), { ...S(1), t: 120 }, { ...S(2), t: 130 }];
    expect(messages(ev, { version: 25, syncs: [{ n: 1, clock: clock(1, 10, 100) }, { n: 2, clock: clock(12, 20, 101) }, { n: 3 }] })).toEqual([]);
    expect(messages(ev, { version: 25, syncs: [{ n: 1 }, { n: 2, clock: clock(12, 20, 101) }, { n: 3 }] })).toEqual([
      'sync 1 has no clock snapshot',
      'sync 2 follows a sync without a clock snapshot',
    ]);
    expect(messages(ev, { version: 25, syncs: [{ n: 1, clock: clock(1, 10, 100) }, { n: 2, clock: clock(1, 0, 99) }, { n: 3 }] })).toEqual([
      'sync 2: monotonic clock is 0',
      'sync 2: wall clock 99s+5ns does not pass 100s+5ns',
      'sync 2: monotonic clock 0 does not pass 10',
      'sync 2: trace clock 1 does not pass 1',
    ]);
    // Before 1.25 there are no snapshots to check.
    expect(messages(ev, { version: 23, syncs: [{ n: 1 }, { n: 2 }, { n: 3 }] })).toEqual([]);
  });

  it('rejects ranges that begin twice or end unopened, and a goroutine dying inside one', () => {
    const strings = ['GC'];
    const stw = (t: number, typ: Ev, g: number) => ({ t, typ, g, p: 0, m: 0, args: typ === Ev.STWBegin ? [1, 0] : [1] });
    const ev = valid();
    ev.splice(1, 0, stw(15, Ev.STWEnd, 5));
    expect(messages(ev, { strings })).toEqual(['range "stop-the-world (GC)" on Goroutine 5 ends while not open']);
    const ev2 = valid();
    ev2.splice(4, 0, stw(45, Ev.STWBegin, 1), stw(46, Ev.STWBegin, 1));
    expect(messages(ev2, { strings })).toEqual([
      'range "stop-the-world (GC)" on Goroutine 1 begins while open',
      'goroutine 1 ends with "stop-the-world (GC)", "stop-the-world (GC)" open',
    ]);
    const ev3 = valid();
    ev3.splice(9, 0, { t: 95, typ: Ev.GCMarkAssistBegin, g: 1, p: 0, m: 0, args: [0] });
    expect(messages(ev3)).toEqual(['goroutine 1 ends with "GC mark assist" open']);
    // An Active event opens a range quietly; its end then matches.
    const ev4 = valid();
    ev4.splice(1, 0, { t: 15, typ: Ev.GCActive, args: [3] }, { t: 16, typ: Ev.GCEnd, args: [3] });
    expect(messages(ev4)).toEqual([]);
  });

  it('rejects reserved task ids, the background task as a parent, and a task ending as another type', () => {
    const strings = ['a', 'b'];
    const begin = (t: number, id: number, parent: number, name: number) => ({ t, typ: Ev.UserTaskBegin, g: 1, p: 0, m: 0, args: [id, parent, name, 0] });
    const end = (t: number, id: number, name: number) => ({ t, typ: Ev.UserTaskEnd, g: 1, p: 0, m: 0, args: [id, 0, -1, name] });
    const at = (extra: E[]) => {
      const ev = valid();
      ev.splice(3, 0, ...extra);
      return messages(ev, { strings });
    };
    expect(at([begin(31, 4, -1, 1), end(32, 4, 1), end(33, 99, 2)])).toEqual([]);
    expect(at([begin(31, 0, -1, 1)])).toEqual(['task of type "a" has the reserved id 0']);
    expect(at([begin(31, -1, -1, 1)])).toEqual(['task of type "a" has the reserved id -1']);
    expect(at([begin(31, 4, 0, 1)])).toEqual(['task 4 names the background task as its parent']);
    expect(at([begin(31, 4, -1, 1), end(32, 4, 2)])).toEqual(['task 4 ends as type "b" but began as "a"']);
  });

  it('rejects empty labels and labels of goroutines never seen', () => {
    const label = (t: number, g: number, s: number) => ({ t, typ: Ev.GoLabel, g, p: 0, m: 0, args: [s] });
    const ev = valid();
    ev.splice(4, 0, label(41, 1, 1), label(42, 1, 0), label(43, 8, 1));
    expect(messages(ev, { strings: ['L'] })).toEqual(['empty label', 'label for goroutine 8, which the stream never mentioned']);
  });

  it('rejects incomplete stack frames after the first', () => {
    const ev = valid();
    ev[4] = { ...ev[4]!, args: [0, 1] }; // GoStop with stack 1
    const ok: [string, string, number, number][] = [['main.f', 'a.go', 0x10, 3], ['main.main', 'a.go', 0x20, 9]];
    expect(messages(ev, { stacks: [ok] })).toEqual([]);
    expect(messages(ev, { stacks: [[['', '', 0, 0], ok[1]!]] })).toEqual([]); // Go allows one empty leading frame
    const bad = messages(ev, { stacks: [[ok[0]!, ['main.main', '', 0x20, 9]]] });
    expect(bad).toEqual([
      'event stack 1, frame 1: incomplete (func "main.main", file "", pc 32, line 9)',
      'transition stack 1, frame 1: incomplete (func "main.main", file "", pc 32, line 9)',
    ]);
  });

  it('needs a thread for a goroutine or proc that starts executing (old traces may lack it for syscalls)', () => {
    const ev = valid();
    ev.push({ t: 120, typ: Ev.GoStatus, g: -1, p: -1, m: -1, args: goStatus(5, GoState.Undetermined, GoStatus.Syscall, -1) });
    expect(messages(ev)).toEqual(['a resource starts executing on no thread']);
    expect(messages(ev, { version: 21 })).toEqual([]);
  });

  it('rejects a proc started twice on one thread', () => {
    const ev = valid();
    ev.splice(2, 0, { t: 25, typ: Ev.ProcStart, g: -1, p: -1, m: 0, args: [1, 1] });
    expect(messages(ev)).toContain('proc 1 first seen leaving Idle');
    expect(messages(ev)).toContain('proc 1 starts on thread 0, which is running proc 0');
  });
});
