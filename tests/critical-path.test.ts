// Critical paths (-d=critical-path): on fixtures/programs/critpath, whose requests wait for a worker
// that waits for a mutex whose holder sleeps 30 ms and then computes 20 ms, each request's path
// tiles the task exactly (the task's begin and end as go tool trace's -d=parsed prints them) and
// blames the holder's sleep and the worker's run; channels, select, the network poller, syscalls
// and timers as unblockers. On every corpus trace: every ended task's path tiles it.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FIXTURES, CORPUS, traceCases } from './support/paths.js';
import { runCli } from './support/cli.js';
import { parseTraceFile } from '../parser/node.js';
import { goHistory } from '../analysis/go-history.js';
import { criticalPathSegments, taskCriticalPath } from '../analysis/critical-path.js';
import type { CriticalPathJson, PathSegment } from '../api/critical-path-format.js';

interface GoldenTask {
  id: number;
  type: string;
  begin: number;
  end: number;
  endG: number;
}

/** go tool trace's -d=parsed lines of a golden. */
function parsedLines(golden: string): string[] {
  return gunzipSync(readFileSync(join(golden, 'parsed.txt.gz'))).toString('utf8').split('\n');
}

/** Tasks with their begin and end as go tool trace prints them. */
function goldenTasks(lines: string[]): GoldenTask[] {
  const tasks = new Map<number, GoldenTask>();
  for (const l of lines) {
    const m = /^M=\S+ P=\S+ G=(-?\d+) Task(Begin|End) Time=(\d+) ID=(\d+) .* Type="([^"]*)"/.exec(l);
    if (!m) continue;
    const id = Number(m[4]);
    let t = tasks.get(id);
    if (t === undefined) tasks.set(id, (t = { id, type: m[5]!, begin: NaN, end: NaN, endG: -1 }));
    if (m[2] === 'Begin') t.begin = Number(m[3]);
    else {
      t.end = Number(m[3]);
      t.endG = Number(m[1]);
    }
  }
  return [...tasks.values()];
}

function path(version: string, args: string[]): CriticalPathJson {
  const r = runCli(['-d=critical-path', ...args, join(FIXTURES, 'traces', version, 'critpath.trace')]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as CriticalPathJson;
}

/** The segments tile [startNs, endNs): each starts where the previous ended, none empty. */
function expectTiles(p: { startNs: number; endNs: number; segments: { startNs: number; endNs: number }[] }): void {
  expect(p.segments.length).toBeGreaterThan(0);
  expect(p.segments[0]!.startNs).toBe(p.startNs);
  expect(p.segments[p.segments.length - 1]!.endNs).toBe(p.endNs);
  for (let k = 0; k < p.segments.length; k++) {
    const s = p.segments[k]!;
    expect(s.endNs).toBeGreaterThan(s.startNs);
    if (k > 0) expect(s.startNs).toBe(p.segments[k - 1]!.endNs);
  }
}

const dur = (s: { startNs: number; endNs: number }): number => s.endNs - s.startNs;
const sum = (segs: PathSegment[]): number => segs.reduce((a, s) => a + dur(s), 0);

describe.each(['go1.22', 'go1.26'])('critical path on critpath (%s)', (version) => {
  const golden = join(FIXTURES, 'golden', version, 'critpath');
  const lines = parsedLines(golden);
  const tasks = goldenTasks(lines);
  const ofType = (type: string): GoldenTask[] => tasks.filter((t) => t.type === type);
  const goName = (p: CriticalPathJson, name: string): number => p.byGoroutine.find((g) => g.name === name)?.goid ?? -1;

  it('has the tasks the program makes', () => {
    expect(ofType('request')).toHaveLength(3);
    for (const ty of ['chan', 'select', 'network', 'syscall', 'timer']) expect(ofType(ty)).toHaveLength(2);
  });

  it.each([0, 1, 2])('request %i: tiles the task, >= 45%% on the holder sleeping, >= 30%% on the worker running', (k) => {
    const task = ofType('request')[k]!;
    const p = path(version, [`-task=${task.id}`]);
    expect(p.startNs).toBe(task.begin);
    expect(p.endNs).toBe(task.end);
    expect(p.goid).toBe(task.endG);
    expectTiles(p);
    const total = task.end - task.begin;
    const holder = goName(p, 'main.holder');
    const worker = goName(p, 'main.worker');
    expect(holder).toBeGreaterThan(0);
    expect(worker).toBeGreaterThan(0);
    const sleep = sum(p.segments.filter((s) => s.goid === holder && s.state === 'waiting' && s.reason === 'sleep'));
    const run = sum(p.segments.filter((s) => s.goid === worker && s.state === 'running'));
    expect(sleep / total).toBeGreaterThanOrEqual(0.45);
    expect(run / total).toBeGreaterThanOrEqual(0.3);
    // The sleep's stack is the holder's time.Sleep; byGoroutine sums to the whole.
    const sleepSeg = p.segments.find((s) => s.goid === holder && s.reason === 'sleep')!;
    expect(sleepSeg.stack.some((f) => f.startsWith('main.holder '))).toBe(true);
    const byTotal = p.byGoroutine.reduce((a, g) => a + g.running + g.runnable + g.waiting + g.syscall, 0);
    expect(byTotal).toBe(total);
    // The handler never waits on its own account: its channel wait is the worker's time.
    expect(p.segments.filter((s) => s.goid === task.endG && s.state === 'waiting')).toEqual([]);
  });

  it.each(['chan', 'select'])('%s: the wait goes to the sender, who computed 5 ms', (type) => {
    for (const task of ofType(type)) {
      const p = path(version, [`-task=${task.id}`]);
      expectTiles(p);
      const sender = goName(p, 'main.sender');
      expect(sender).toBeGreaterThan(0);
      expect(sum(p.segments.filter((s) => s.goid === sender && s.state === 'running'))).toBeGreaterThanOrEqual(4_500_000);
      expect(p.segments.filter((s) => s.goid === task.endG && s.state === 'waiting')).toEqual([]);
      // The hand-over: the sender's last running segment ends where the handler became runnable.
      const send = p.segments.filter((s) => s.goid === sender).pop()!;
      expect(send.stack[0]).toMatch(/^runtime\.chansend|^runtime\.selectgo|^runtime\.send/);
    }
  });

  it('network: the poller (no goroutine) wakes the reader, whose wait stays its own', () => {
    for (const task of ofType('network')) {
      const p = path(version, [`-task=${task.id}`]);
      expectTiles(p);
      const waits = p.segments.filter((s) => s.goid === task.endG && s.state === 'waiting' && s.reason === 'network');
      expect(waits).toHaveLength(1);
      expect(dur(waits[0]!)).toBeGreaterThanOrEqual(9_000_000);
      // go tool trace: the Waiting->Runnable ending that wait comes from outside any goroutine (G=-1).
      const unblock = lines.find((l) => l.includes(`Time=${waits[0]!.endNs} GoID=${task.endG} Waiting->Runnable`));
      expect(unblock).toMatch(/^M=\S+ P=\S+ G=-1 /);
      expect(p.byGoroutine.map((g) => g.goid)).toEqual([task.endG]);
    }
  });

  it('syscall: the nanosleep is the handler own syscall time', () => {
    for (const task of ofType('syscall')) {
      const p = path(version, [`-task=${task.id}`]);
      expectTiles(p);
      const sys = p.segments.filter((s) => s.goid === task.endG && s.state === 'syscall');
      expect(sum(sys)).toBeGreaterThanOrEqual(9_000_000);
      expect(sys.some((s) => s.stack.some((f) => f.startsWith('syscall.Nanosleep ')))).toBe(true);
    }
  });

  it('timer: time.Sleep and a timer channel are woken by timers, not goroutines', () => {
    for (const task of ofType('timer')) {
      const p = path(version, [`-task=${task.id}`]);
      expectTiles(p);
      const own = (reason: string) => p.segments.filter((s) => s.goid === task.endG && s.state === 'waiting' && s.reason === reason);
      expect(sum(own('sleep'))).toBeGreaterThanOrEqual(9_000_000);
      expect(sum(own('chan receive'))).toBeGreaterThanOrEqual(9_000_000);
      for (const w of [...own('sleep'), ...own('chan receive')]) {
        const unblock = lines.find((l) => l.includes(`Time=${w.endNs} GoID=${task.endG} Waiting->Runnable`));
        expect(unblock).toMatch(/^M=\S+ P=\S+ G=-1 /);
      }
    }
  });

  it('-goid with -window tiles the window', () => {
    const task = ofType('request')[1]!;
    const first = Number(/Time=(\d+)/.exec(lines.find((l) => l.startsWith('M='))!)![1]);
    const a = task.begin - first;
    const b = task.end - first;
    const p = path(version, [`-goid=${task.endG}`, `-window=${a}ns,${b}ns`]);
    expect(p.startNs).toBe(task.begin);
    expect(p.endNs).toBe(task.end);
    expectTiles(p);
    expect(p.segments.map((s) => [s.goid, s.state, s.reason])).toEqual(path(version, [`-task=${task.id}`]).segments.map((s) => [s.goid, s.state, s.reason]));
    // Without a window: the goroutine's life, tiled.
    expectTiles(path(version, [`-goid=${task.endG}`]));
  });
});

describe('critical path CLI errors', () => {
  const trace = join(FIXTURES, 'traces/go1.26/critpath.trace');
  it.each([
    [['-d=critical-path', trace], /needs one of -task=ID or -goid=N/, 2],
    [['-d=critical-path', '-task=1', '-goid=1', trace], /needs one of/, 2],
    [['-d=critical-path', '-goid=1', '-window=2s,1s', trace], /END must be after START/, 2],
    [['-d=critical-path', '-goid=1', '-window=x,1s', trace], /not a Go duration/, 2],
    [['-task=1', trace], /go with -d=critical-path/, 2],
    [['-d=critical-path', '-task=999', trace], /^prof-trace: no task 999 in the trace$/, 1],
    [['-d=critical-path', '-goid=99999', trace], /^prof-trace: no goroutine 99999 in the trace$/, 1],
  ])('%j', (args, message, code) => {
    const r = runCli(args as string[]);
    expect(r.status).toBe(code);
    expect(r.stderr.split('\n')[0]).toMatch(message as RegExp);
    expect(r.stdout).toBe('');
  });
});

describe('critical paths tile every ended task of the corpus', () => {
  it.each(traceCases(CORPUS).map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    const store = await parseTraceFile(c.trace);
    const h = goHistory(store);
    for (const task of h.tasks.values()) {
      if (task.begin === null || task.end === null || task.endGoroutine < 0) continue;
      const p = taskCriticalPath(h, task.id);
      expectTiles(p);
      const raw = criticalPathSegments(h, task.endGoroutine, task.begin, task.end);
      expect(raw.reduce((a, s) => a + s.end - s.start, 0)).toBe(task.end - task.begin);
    }
    // A goroutine's whole life, for the first few goroutines.
    for (const id of [...h.goroutines.keys()].slice(0, 20)) {
      const tr = h.goroutines.get(id)!;
      const t1 = tr.time[tr.n - 1]!;
      if (t1 <= h.firstTime) continue;
      const segs = criticalPathSegments(h, id, h.firstTime, t1);
      expect(segs[0]!.start).toBe(h.firstTime);
      expect(segs[segs.length - 1]!.end).toBe(t1);
      for (let k = 1; k < segs.length; k++) expect(segs[k]!.start).toBe(segs[k - 1]!.end);
    }
  });
});
