// The user tasks are kept as columns (analysis/task-table.ts) and made into objects only when a
// page asks for one. Real traces' tasks are checked against go tool trace's /usertask pages
// (analysis-tasks, u64-ids); here, a hand-written trace with the cases they rarely have, each
// of which the columns must give back exactly as Go's summarizer would have kept them: a region
// begun before the trace, an inherited region ended by the child (not the task's), a region
// ended by its goroutine's exit, a task ended twice on two goroutines, a log with a category,
// and two tasks each the other's parent.

import { describe, it, expect } from 'vitest';
import { metadataBatches, wireOf } from './support/text/wire-of.js';
import { parseTrace } from '../parser/index.js';
import { collectTasks } from '../analysis/task-pass.js';
import { GoroutinePass } from '../analysis/goroutine-pass.js';
import { taskFocus } from '../analysis/jsontrace/task-focus.js';
import { userTaskPage, userTasks } from '../analysis/tasks.js';

const NO_TASK = '18446744073709551615';

const TEXT = [
  'Trace Go1.22',
  'EventBatch gen=1 m=0 time=0 size=0',
  'ProcStatus dt=1 p=0 pstatus=1',
  'GoStatus dt=1 g=1 m=0 gstatus=2',
  // Task 3's region "early" began before the trace.
  'UserRegionEnd dt=1 task=3 name_string=3 stack=0',
  `UserTaskBegin dt=1 task=1 parent_task=${NO_TASK} name_string=1 stack=0`,
  'UserRegionBegin dt=1 task=1 name_string=2 stack=0',
  // Goroutine 2 (main.worker: not a system goroutine, whose regions an exit does not end) is
  // made inside "outer": it inherits a placeholder of it.
  'GoCreate dt=1 new_g=2 new_stack=1 stack=0',
  'UserTaskBegin dt=1 task=2 parent_task=1 name_string=1 stack=0',
  // Task 6 began before the trace; it ends twice (Go's reader allows it), on two goroutines.
  'UserTaskEnd dt=1 task=6 stack=0',
  'GoStop dt=1 reason_string=0 stack=0',
  'GoStart dt=1 g=2 g_seq=1',
  // Ends the placeholder, not task 1's "outer" (still open on goroutine 1).
  'UserRegionEnd dt=1 task=1 name_string=2 stack=0',
  'UserTaskEnd dt=1 task=6 stack=0',
  'UserRegionBegin dt=1 task=2 name_string=4 stack=0',
  'UserLog dt=1 task=2 key_string=5 value_string=6 stack=0',
  // Ends "inner".
  'GoDestroy dt=1',
  'GoStart dt=1 g=1 g_seq=1',
  'UserTaskBegin dt=1 task=4 parent_task=5 name_string=7 stack=0',
  'UserTaskBegin dt=1 task=5 parent_task=4 name_string=7 stack=0',
  'UserTaskEnd dt=1 task=1 stack=0',
  ...metadataBatches(
    1e9,
    ['Stack id=1 nframes=1', '\tpc=4096 func=8 file=9 line=10'],
    ['req', 'outer', 'early', 'inner', 'cat', 'hello', 'loop', 'main.worker', 'main.go'],
  ),
  '',
].join('\n');

/** A task's events as [goroutine, what], start null for none. */
const ref = (r: { goroutine: number; what: string } | null) => (r === null ? null : [r.goroutine, r.what]);

describe('task table', () => {
  const store = parseTrace(wireOf(TEXT));
  const table = collectTasks(store);

  it('parses', () => {
    expect(store.error).toBeNull();
  });

  it('keeps every task, region, log and goroutine as the summarizer finds them', () => {
    expect([...table.values()].map((t) => t.id)).toEqual([3, 1, 2, 6, 4, 5]);
    const t3 = table.get(3)!;
    expect([t3.type, t3.begin, t3.end, [...t3.goroutines]]).toEqual(['', null, null, [1]]);
    expect(t3.regions.map((r) => [r.name, ref(r.start), ref(r.end)])).toEqual([['early', null, [1, 'region "early" end']]]);

    const t1 = table.get(1)!;
    expect([t1.type, t1.parent, t1.children, ref(t1.begin), ref(t1.end), [...t1.goroutines]]).toEqual([
      'req',
      -1,
      [2],
      [1, `task "req" (D 1, parent ${NO_TASK}) begin`],
      [1, 'task end'],
      [1],
    ]);
    // The placeholder goroutine 2 ended is no region of task 1's, and does not bring goroutine 2 in.
    expect(t1.regions.map((r) => [r.name, ref(r.start), ref(r.end)])).toEqual([['outer', [1, 'region "outer" begin'], null]]);

    const t2 = table.get(2)!;
    expect([t2.type, t2.parent, ref(t2.begin), t2.end, [...t2.goroutines].sort()]).toEqual(['req', 1, [1, 'task "req" (D 2, parent 1) begin'], null, [1, 2]]);
    expect(t2.regions.map((r) => [r.taskId, r.name, ref(r.start), ref(r.end)])).toEqual([[2, 'inner', [2, 'region "inner" begin'], [2, 'Running -> NotExist']]]);
    expect(t2.logs.map((l) => [l.goroutine, l.what, l.log])).toEqual([[2, 'log (category: cat): "hello"', { category: 'cat', message: 'hello' }]]);
    // Times are the events' own, in order.
    expect(t2.begin!.time).toBeGreaterThan(t1.begin!.time);
    expect(t2.regions[0]!.end!.time).toBeGreaterThan(t2.logs[0]!.time);

    // Ended twice: the second end is kept, both goroutines are the task's.
    const t6 = table.get(6)!;
    expect([t6.type, t6.begin, ref(t6.end), [...t6.goroutines].sort()]).toEqual(['', null, [2, 'task end'], [1, 2]]);

    expect([table.get(4)!.children, table.get(5)!.children, table.get(4)!.parent, table.get(5)!.parent]).toEqual([[5], [4], 5, 4]);
  });

  it('is the same table from the goroutine pass', () => {
    const p = GoroutinePass.over(store);
    expect([...p.taskPass.table.values()]).toEqual([...table.values()]);
  });

  it('focuses a task of a parent cycle without going round it', () => {
    const f = taskFocus(table, table.get(4)!, 0, 100);
    expect(f.tasks.map((t) => t.id).sort()).toEqual([4, 5]);
  });

  it('answers the /usertask filters from the columns', () => {
    const all = userTasks(store);
    expect(all.types.map((t) => [t.type, t.count])).toEqual([
      ['', 2],
      ['loop', 2],
      ['req', 2],
    ]);
    const ids = (f: Parameters<typeof userTaskPage>[1]) => userTaskPage(all, f).map((t) => t.id);
    expect(ids({ logText: 'hello' })).toEqual([2]);
    expect(ids({ logText: 'cat' })).toEqual([2]);
    expect(ids({ logText: 'inner' })).toEqual([2]);
    expect(ids({ logText: 'outer' })).toEqual([1]);
    expect(ids({ logText: 'early' })).toEqual([3]);
    expect(ids({ logText: 'nowhere' })).toEqual([]);
    expect(ids({ logText: 'oop' })).toEqual([4, 5].sort((a, b) => all.get(a)!.duration - all.get(b)!.duration || a - b));
    expect(ids({ complete: true })).toEqual([1]);
    expect(ids({ type: 'req' }).sort()).toEqual([1, 2]);
    // Task 3 began before the trace and never ended: it spans the trace.
    const t3 = all.get(3)!;
    expect([t3.start, t3.complete, t3.events.map((e) => e.what)]).toEqual([0, false, ['region "early" end']]);
    expect(t3.end).toBe(store.chunks.at(-1)!.timeAt(store.chunks.at(-1)!.n - 1) - store.chunks[0]!.timeAt(0));
    expect([...all.values()].map((t) => t.id)).toEqual([3, 1, 2, 6, 4, 5]);
  });
});
