// Ids and sequence numbers past 2^53 come out as go tool trace prints them, digit for digit, in
// reader errors and in -d=parsed (tests/data/u64-ids: Go 1.22 traces from their text, goldens by
// tests/data/gen/run.sh u64-ids): a goroutine created twice with id 2^53+1; a GoUnblock whose
// g_seq 2^53+1 cannot advance (the frontier line names it); bigids, a valid trace whose thread,
// proc, goroutines and task have ids past 2^53 (one thread's id past 2^63, which Go prints
// negative); a task begun twice, a goroutine's status changed, and a thread past 2^63 that
// cannot advance, each with such ids in the message; bigpcs, a valid trace on a clock past 2^53
// (a machine up for over 104 days: Go's int64 time sums, which a double rounds) whose stack has
// PCs and lines past 2^53 and 2^63 and of 2^64-1.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { REPO } from './support/paths.js';
import { textToWire } from './support/text/index.js';
import { jsonTraceText, taskFirstGoroutine, taskFocus, taskGoroutines, viewerSpan } from '../analysis/jsontrace/index.js';
import { collectTasks } from '../analysis/task-pass.js';

const DIR = join(REPO, 'tests/data/u64-ids');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

describe('ids past 2^53 in reader errors and -d=parsed', () => {
  for (const name of ['dupcreate', 'seq', 'bigids', 'bigtask', 'taskconflict', 'gstatus', 'frontier', 'bigpcs']) {
    it(`${name}: the trace is its text, and the error is go tool trace's`, () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, `${name}.trace`)));
      expect(textToWire(read(`${name}.txt`)).bytes).toEqual(bytes);
      const goErr = read(`${name}.stderr.txt`);
      const store = parseTrace(bytes);
      let text = '';
      dumpParsed(store, (s) => (text += s));
      expect(text).toBe(read(`${name}.parsed.txt`));
      if (goErr === '') {
        expect(store.error).toBeNull();
        if (name === 'bigpcs') for (const v of ['Time=9007199254740993', '@ 0x20000000000001', '@ 0xffffffffffffffff', 'f.go:9007199254740995', 'f.go:18446744073709551615']) expect(text).toContain(v);
        if (name === 'bigids') for (const id of ['M=9007199254740993', 'P=9007199254741003', 'G=9007199254741013', 'GoID=9007199254741033', 'ID=9007199254741023', 'M=-9223372036854775807']) expect(text).toContain(id);
        return;
      }
      expect(goErr).toMatch(/9007199254740993|9007199254741013|9007199254741023|-9223372036854775807/);
      const msg = store.error!.message;
      const [first] = goErr.split('\n');
      expect(msg.startsWith(first!), `${msg} vs ${first}`).toBe(true);
      // Our frontier is one line: each of its threads is one of Go's lines.
      if (msg.includes('frontier: ')) {
        for (const part of msg.slice(msg.indexOf('frontier: ') + 'frontier: '.length).split('; ')) expect(goErr.split('\n')).toContain(part);
      }
    });
  }
});

// /jsontrace?taskid= of a task whose id is 2^53+31 (bigtask: small goroutine, thread and proc
// ids; go tool trace's server makes no headway on bigids' goroutine ids past 2^53): its row,
// slice, region scope and color name the exact id, as go tool trace's server wrote them.
describe('a task id past 2^53 in /jsontrace', () => {
  it('taskid= is go tool trace output byte for byte', () => {
    const store = parseTrace(new Uint8Array(readFileSync(join(DIR, 'bigtask.trace'))));
    const span = viewerSpan(store)!;
    const tasks = collectTasks(store);
    const t = tasks.get(Number('9007199254741023'))!;
    expect(t.exactId).toBe(9007199254741023n);
    const f = taskFocus(tasks, t, span.startTime, span.endTime);
    const text = jsonTraceText(store, {
      view: 'goroutine', startTime: f.startTime, endTime: f.endTime, tasks: f.tasks,
      focusGoroutine: taskFirstGoroutine(t), goroutines: taskGoroutines(f.tasks),
    });
    const go = read('bigtask-taskid.json');
    expect(go).toContain('"tid":9007199254741023');
    expect(text).toBe(go);
  });
});
