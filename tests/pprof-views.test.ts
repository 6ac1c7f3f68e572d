// The profile views' pprof logic (viewer/src/lib/pprof) against Go's own pprof on the same
// profile and flags: the Top rows and totals under focus/ignore/hide/show and each sample
// index (`go tool pprof -top`), Peek's callers and callees (`-peek`), the source listing's
// per-line values (`-list`). Profiles are prof-trace's -pprof downloads of corpus traces.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTraceFile } from '../parser/node.js';
import { pprofProfile, pprofProfileRecords } from '../analysis/pprof.js';
import { profileResponse } from '../analysis/profile-json.js';
import { profileKind, type PprofKind } from '../api/profile-kinds.js';
import { viewProfile, reportTotal, sampleIndex, type ViewProfile } from '../viewer/src/lib/pprof/samples.js';
import { compileFilters, filterByName, type FilterParams } from '../viewer/src/lib/pprof/filter.js';
import { topReport, peekReport, listingReport } from '../viewer/src/lib/pprof/reports.js';
import { goRegexp } from '../viewer/src/lib/pprof/go-regexp.js';
import { corpusPath } from './support/paths.js';
import { goPprof, parseList, parsePeek, parseTop } from './support/go-pprof.js';

interface Case {
  trace: string;
  kind: PprofKind;
  file: string;
  profile: ViewProfile;
}

const dir = mkdtempSync(join(tmpdir(), 'prof-trace-pprof-views-'));
const cases: Record<string, Case> = {};

async function load(label: string, kind: PprofKind): Promise<Case> {
  const trace = corpusPath(`traces/${label}.trace`);
  const store = await parseTraceFile(trace);
  const recs = pprofProfileRecords(store, kind);
  const file = join(dir, `${label.replace('/', '-')}-${kind}.pb.gz`);
  writeFileSync(file, pprofProfile(store, kind));
  // go tool pprof has no name for stackless samples: compare without the viewer's label for them.
  return { trace, kind, file, profile: viewProfile(profileResponse(store, kind, recs), { ...profileKind(kind)!, emptyStackLabel: undefined }) };
}

beforeAll(async () => {
  cases.http = await load('go1.26/http-load', 'sync');
  cases.sched = await load('go1.22/http-load', 'sched');
  cases.mutex = await load('go1.26/mutex-contention', 'sync');
});

const FLAG: Record<keyof FilterParams, string> = { f: 'focus', i: 'ignore', h: 'hide', s: 'show' };

/** Our Top with the CLI's settings (no node-count limit) and pprof's -top, for the same flags. */
function both(c: Case, params: FilterParams, si?: string) {
  const vi = sampleIndex(c.profile, si);
  const { profile } = filterByName(c.profile, compileFilters(params));
  const ours = topReport(profile, vi, reportTotal(c.profile, vi), { nodeFraction: 0.005, edgeFraction: 0.001, nodeCount: 0, visual: false });
  const flags = Object.entries(params).map(([k, v]) => `-${FLAG[k as keyof FilterParams]}=${v}`);
  if (si !== undefined) flags.push(`-sample_index=${si}`);
  const theirs = parseTop(goPprof(['-top', '-unit=ns', ...flags, c.file]));
  return { ours, theirs };
}

const FILTER_CASES: [string, FilterParams, string?][] = [
  ['http', {}],
  ['http', { f: 'runtime.chanrecv1$' }],
  ['http', { f: 'net/http' }],
  // Matches file names only (runtime/chan.go), not function names.
  ['http', { f: 'chan\\.go' }],
  ['http', { i: 'selectgo' }],
  ['http', { h: '^runtime\\.' }],
  ['http', { s: '^net/http\\.' }],
  ['http', { f: 'net/http', i: 'Client', h: 'runtime' }],
  ['http', { f: 'persistConn', s: 'Loop|runtime' }, 'contentions'],
  ['http', { h: '.' }],
  ['http', { f: 'no.such.function' }],
  ['sched', {}],
  ['sched', { f: '^main\\.', h: 'runtime\\.(goexit|main)$' }, 'contentions'],
  ['sched', { i: '(?i)NET/HTTP' }],
  ['mutex', { s: 'sync|main' }],
  ['mutex', { f: 'Mutex', i: 'runtime\\.main$' }, 'delay'],
];

describe('filters and Top equal go tool pprof -top', () => {
  it.each(FILTER_CASES)('%s %j si=%s', (name, params, si) => {
    const { ours, theirs } = both(cases[name]!, params, si);
    expect(ours.rows).toEqual(theirs.rows);
    expect(ours.legend.shown).toBe(theirs.shown);
    expect(ours.legend.total).toBe(theirs.total);
    expect(ours.legend.droppedNodes).toBe(theirs.dropped);
  });

  it('the cases are not trivial: focus narrows, hide and show change stacks, ignore drops samples', () => {
    const all = both(cases.http!, {}).theirs;
    expect(both(cases.http!, { f: 'runtime.chanrecv1$' }).theirs.shown).toBeLessThan(all.shown);
    expect(both(cases.http!, { f: 'runtime.chanrecv1$' }).theirs.shown).toBeGreaterThan(0);
    expect(both(cases.http!, { i: 'selectgo' }).theirs.shown).toBeLessThan(all.shown);
    expect(both(cases.http!, { h: '^runtime\\.' }).theirs.rows.some((r) => r.name.startsWith('runtime.'))).toBe(false);
    expect(both(cases.http!, { h: '^runtime\\.' }).theirs.rows[0]!.flat).toBeGreaterThan(0);
    expect(both(cases.http!, { f: 'no.such.function' }).theirs.rows).toEqual([]);
  });
});

describe('Peek equals go tool pprof -peek', () => {
  it.each([
    ['http', 'runtime.chanrecv1$'],
    ['http', 'net/http\\.\\(\\*persistConn\\)'],
    ['sched', '^main\\.'],
  ])('%s %s', (name, rx) => {
    const c = cases[name]!;
    const vi = sampleIndex(c.profile, undefined);
    const ours = peekReport(c.profile, vi, goRegexp(rx));
    const theirs = parsePeek(goPprof(['-peek', rx, '-unit=ns', c.file]));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.map(({ name, flat, cum, callers, callees }) => ({ name, flat, cum, callers, callees }))).toEqual(theirs);
  });

  it('chanrecv1 has callers in the http-load block profile', () => {
    const c = cases.http!;
    const [entry] = peekReport(c.profile, 1, goRegexp('runtime.chanrecv1$'));
    expect(entry!.callers.length).toBeGreaterThan(0);
    expect(entry!.callers.reduce((s, x) => s + x.weight, 0)).toBe(entry!.cum);
  });
});

describe('source listing equals go tool pprof -list', () => {
  it.each([
    ['http', 'runtime.chanrecv1$', {}],
    ['http', 'persistConn', {}],
    // The program's main.go is not where the trace says (it was built elsewhere): pprof says so.
    ['mutex', 'main\\.', { f: 'Mutex' }],
    ['mutex', 'main\\.', { f: 'Mutex' }, ['-source_path', corpusPath('programs/mutex-contention')]],
  ] as [string, string, FilterParams, string[]?][])('%s %s %j %j', (name, rx, params, extra = []) => {
    const c = cases[name]!;
    const vi = sampleIndex(c.profile, undefined);
    const { profile } = filterByName(c.profile, compileFilters(params));
    const ours = listingReport(profile, vi, goRegexp(rx));
    const flags = Object.entries(params).map(([k, v]) => `-${FLAG[k as keyof FilterParams]}=${v}`);
    const theirs = parseList(goPprof(['-list', rx, '-unit=ns', ...flags, ...extra, c.file]));
    expect(theirs.length).toBeGreaterThan(0);
    // With -source_path pprof prints file names trimmed the way it looks them up (main.go).
    const shown = (f: string) => (extra.length > 0 ? f.split('/mutex-contention/').pop()! : f);
    expect(ours.map((b) => ({ func: b.func, file: shown(b.file), flat: b.flat, cum: b.cum }))).toEqual(theirs.map((b) => ({ func: b.func, file: b.file, flat: b.flat, cum: b.cum })));
    for (let k = 0; k < ours.length; k++) {
      const o = ours[k]!;
      const t = theirs[k]!;
      // pprof prints start..end, cut at the end of the file (nothing when the file is not found).
      if (extra.length === 0 && name === 'mutex') {
        expect(t.lines).toEqual([]);
        continue;
      }
      expect(t.lines[0]!.line).toBe(o.start);
      expect(t.lines[t.lines.length - 1]!.line).toBeLessThanOrEqual(o.end);
      expect(o.lines).toEqual(t.lines.filter((l) => l.flat !== 0 || l.cum !== 0).map(({ line, flat, cum }) => ({ line, flat, cum })));
    }
  });
});

describe('stackless samples', () => {
  it("the scheduler-latency view names them; the download keeps them stackless", () => {
    const spec = profileKind('sched')!;
    const resp = {
      kind: 'sched' as PprofKind,
      frames: [{ func: 'main.f', file: 'main.go', line: 3, pc: 1 }],
      samples: [
        { stack: [0], count: 1, ns: 10 },
        { stack: [], count: 4, ns: 90 },
      ],
      totalNs: 100,
      totalCount: 5,
    };
    const v = viewProfile(resp, spec);
    expect(v.frames[v.samples[1]!.stack[0]!]!.func).toBe('(no stack)');
    expect(v.samples[0]!.stack).toEqual([0]);
    expect(viewProfile(resp, profileKind('sync')!).samples[1]!.stack).toEqual([]);
  });
});
