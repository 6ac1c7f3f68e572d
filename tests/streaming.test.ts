// The streaming analyses (events dropped generation by generation; analysis/stream-analysis.ts,
// pprof-stream.ts, GoroutineSummarizer) give go tool trace's numbers: every corpus trace's four
// profiles equal its .pprof goldens, and its goroutine analysis its goroutines.json, computed
// from a parse through worker threads with a keep filter and nothing retained. They also equal
// what the whole-store analyses give, and the filtered parallel parse keeps the sequential
// parse's events (same order, same times).

import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { parseTraceFile } from '../parser/node.js';
import { readHeader } from '../parser/header.js';
import { readV2Parallel } from '../parser/v2/parallel.js';
import { speculateGeneration } from '../parser/v2/gen-speculate.js';
import { readV2 } from '../parser/v2/reader.js';
import { EventStore, Kind, typesOfKinds } from '../parser/events.js';
import { ParsedPrinter } from '../parser/format/parsed-dump.js';
import { GoroutineSummarizer, SUMMARY_KINDS, summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { goroutinesJson } from '../analysis/goroutines.js';
import { PprofStream } from '../analysis/pprof-stream.js';
import { pprofProfile, pprofProfileRecords } from '../analysis/pprof.js';
import { goToolTraceKinds, type PprofKind } from '../api/profile-kinds.js';
import { buildProfile, encodeProfile } from '../analysis/pprof-build.js';
import { streamGoroutines, streamPprof } from '../analysis/stream-analysis.js';
import { parseDuration } from '../analysis/go-duration.js';
import { CORPUS, FIXTURES, corpusCase, traceCases, isV2 } from './support/paths.js';
import { itRunsCases } from './support/counts.js';
import { decodeProfile } from './support/pprof.js';

// The kinds go tool trace also makes: its output is the golden.
const PPROF_TYPES = goToolTraceKinds().map((k) => k.id as PprofKind);

const sorted = (bytes: Uint8Array) => [...decodeProfile(bytes).samples].sort();
const PPROF_KEEP_TYPES = typesOfKinds([Kind.StateTransition, Kind.Sync]);

/** One streamed parse (worker threads, keep filter, nothing retained) feeding all analyses. */
async function streamAll(trace: string) {
  const profiles = PPROF_TYPES.map((t) => new PprofStream(t));
  const summ = new GoroutineSummarizer();
  let chunks = 0;
  const store = await parseTraceFile(trace, {
    workers: 2,
    parallelThreshold: 0,
    retain: false,
    keep: typesOfKinds(SUMMARY_KINDS),
    onChunk: (s, c) => {
      chunks++;
      for (const p of profiles) p.feed(s, c);
      summ.feed(s, c);
    },
  });
  expect(store.chunks.length).toBe(0);
  return { store, chunks, records: profiles.map((p) => p.finish()), summaries: summ.finish() };
}

interface GoldenGroup {
  name: string;
  count: number;
  execTimeNs: number;
  columns: string[];
  goroutines: { id: number; total: string; values: string[] }[];
  rangeColumns: string[] | null;
  ranges: { id: number; total: string; values: string[] }[];
}

function readGoroutinesGolden(dir: string): { groups: GoldenGroup[] } | null {
  const plain = join(dir, 'goroutines.json');
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8'));
  if (existsSync(plain + '.gz')) return JSON.parse(gunzipSync(readFileSync(plain + '.gz')).toString('utf8'));
  return null;
}

/** Every golden group, goroutine, column and range value, by id. */
function expectGoroutinesGolden(ours: ReturnType<typeof goroutinesJson>, golden: { groups: GoldenGroup[] }): void {
  expect(ours.groups.map((g) => g.name).sort()).toEqual(golden.groups.map((g) => g.name).sort());
  const byName = new Map(ours.groups.map((g) => [g.name, g]));
  for (const gg of golden.groups) {
    const og = byName.get(gg.name)!;
    expect([gg.name, og.count, og.execTimeNs]).toEqual([gg.name, gg.count, gg.execTimeNs]);
    const rows = new Map(og.goroutines.map((r) => [r.id, r]));
    for (const gr of gg.goroutines) {
      const r = rows.get(gr.id)!;
      expect([gr.id, r.totalNs, ...gg.columns.map((c) => r.columns[c] ?? 0)]).toEqual([gr.id, parseDuration(gr.total), ...gr.values.map(parseDuration)]);
    }
    for (const gr of gg.ranges) {
      const r = rows.get(gr.id)!;
      expect([gr.id, ...(gg.rangeColumns ?? []).map((c) => r.ranges[c] ?? 0)]).toEqual([gr.id, ...gr.values.map(parseDuration)]);
    }
  }
}

const all = [...traceCases(CORPUS), ...traceCases(FIXTURES)];

describe('streamed analyses equal go tool trace (every corpus trace)', () => {
  itRunsCases('traces (88 corpus, 58 fixtures)', all.length, 146);
  for (const c of all) {
    it(c.label, async () => {
      const pprofGoldens = PPROF_TYPES.map((t) => join(c.golden, `${t}.pprof`));
      if (pprofGoldens.every((f) => existsSync(f) && statSync(f).size === 0)) {
        // go tool trace cannot read it; neither can we, for the same reason (its .txt says why).
        const why = readFileSync(join(c.golden, 'sync.txt'), 'utf8').split('\n')[1]!.replace(/^failed to create trace reader: /, '');
        const s = await parseTraceFile(c.trace, { workers: 2, parallelThreshold: 0, retain: false, onChunk: () => {} });
        expect(s.error?.message).toBe(why);
        return;
      }
      const { store, records, summaries } = await streamAll(c.trace);
      let checked = 0;
      for (let k = 0; k < PPROF_TYPES.length; k++) {
        if (!existsSync(pprofGoldens[k]!)) continue;
        expect(records[k], 'streamable').not.toBeNull();
        const ours = sorted(encodeProfile(buildProfile(store, PPROF_TYPES[k]!, records[k]!)));
        expect({ type: PPROF_TYPES[k], ours }).toEqual({ type: PPROF_TYPES[k], ours: sorted(readFileSync(pprofGoldens[k]!)) });
        checked++;
      }
      const golden = readGoroutinesGolden(c.golden);
      if (golden !== null) {
        expectGoroutinesGolden(goroutinesJson(store, summaries), golden);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe('streamed analyses equal the whole-store ones', () => {
  for (const c of all) {
    it(c.label, async () => {
      const whole = parseTrace(readFileSync(c.trace));
      const chunksSeen = whole.chunks.filter((ch) => ch.n > 0).length;
      // Fed from the whole store's chunks: the same objects, the same records in the same order.
      const summ = new GoroutineSummarizer();
      for (const ch of whole.chunks) summ.feed(whole, ch);
      const fed = goroutinesJson(whole, summ.finish());
      expect(fed).toEqual(goroutinesJson(whole, summarizeGoroutines(whole)));
      for (const type of PPROF_TYPES) {
        const p = new PprofStream(type);
        for (const ch of whole.chunks) p.feed(whole, ch);
        let ref;
        try {
          ref = pprofProfileRecords(whole, type);
        } catch (e) {
          expect(() => p.finish()).toThrow((e as Error).message); // no goroutines
          continue;
        }
        const recs = p.finish();
        expect(recs).not.toBeNull();
        expect(sorted(encodeProfile(buildProfile(whole, type, recs!)))).toEqual(sorted(encodeProfile(buildProfile(whole, type, ref))));
      }
      // And through the file, streamed with worker threads.
      if (chunksSeen > 0 && !whole.error) {
        const s = await streamAll(c.trace);
        expect(goroutinesJson(s.store, s.summaries)).toEqual(fed);
      }
    });
  }
});

describe('the command line paths', () => {
  const c = corpusCase('go1.22/multi-generation');
  it('streamPprof and streamGoroutines on a multi-generation trace', async () => {
    const { profile, store } = await streamPprof(c.trace, 'sched', { workers: 2, parallelThreshold: 0 });
    expect(store.chunks.length).toBe(0);
    expect(store.generations).toBeGreaterThan(1);
    expect(sorted(profile)).toEqual(sorted(readFileSync(join(c.golden, 'sched.pprof'))));
    const { json } = await streamGoroutines(c.trace, { workers: 2, parallelThreshold: 0 });
    expect(json).toEqual(goroutinesJson(parseTrace(readFileSync(c.trace))));
  });

  // A truncated trace fails the generation index, so the parallel reader parses it at once,
  // sequentially: the streaming consumers must still be handed its chunks (they were not, and
  // -pprof on a big truncated trace failed with "failed to find matching goroutines").
  it('streamPprof and streamGoroutines on a truncated multi-generation trace', async () => {
    const bytes = readFileSync(c.trace);
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.75));
    const file = join(mkdtempSync(join(tmpdir(), 'prof-trace-')), 'truncated.trace');
    writeFileSync(file, cut);
    const whole = parseTrace(cut);
    expect(whole.error).not.toBeNull();
    expect(whole.generations).toBeGreaterThan(0);
    const stats = { generations: 0, merged: 0, fallbacks: 0, sequential: false };
    const { profile, store } = await streamPprof(file, 'sched', { workers: 2, parallelThreshold: 0, stats });
    expect(stats.sequential).toBe(true);
    expect(store.generations).toBe(whole.generations);
    expect(sorted(profile)).toEqual(sorted(pprofProfile(whole, 'sched')));
    expect(decodeProfile(profile).samples.length).toBeGreaterThan(0);
    const { json } = await streamGoroutines(file, { workers: 2, parallelThreshold: 0 });
    expect(json).toEqual(goroutinesJson(whole));
  });
});

describe('parallel parse with a keep filter', () => {
  const keep = typesOfKinds([Kind.StateTransition, Kind.Sync]);
  const dumpKept = (s: EventStore): string[] => {
    const p = new ParsedPrinter(s);
    const out: string[] = [];
    for (const c of s.chunks) for (let i = 0; i < c.n; i++) if (keep[c.typ[i]!]) out.push(p.event(c, i));
    return out;
  };
  const multiGen = traceCases(CORPUS, isV2).filter((c) => /http-load|multi-generation|cpu-profile/.test(c.name));
  itRunsCases('multi-generation corpus traces', multiGen.length, 12);
  for (const c of multiGen) {
    it(`stores the kept events as the full parse has them: ${c.label}`, async () => {
      const bytes = readFileSync(c.trace);
      const version = readHeader(bytes).version;
      const stats = { generations: 0, merged: 0, fallbacks: 0, sequential: false };
      const par = await readV2Parallel(bytes, version, { speculate: 'inline', keep, stats });
      expect(stats.merged).toBe(stats.generations);
      // Fewer events stored, the same ones in the same order with the same times.
      const seq = readV2(bytes, version);
      expect(par.count).toBeLessThan(seq.count);
      expect(dumpKept(par)).toEqual(dumpKept(seq));
    });
  }
});

describe('a damaged generation table found mid-stream', () => {
  // The parallel reader falls back to the sequential one when a generation's tables turn out
  // damaged, and hands every chunk again from a new store: onRestart tells the consumer to drop
  // what the earlier chunks gave it. Here the third generation's speculation says so.
  const c = corpusCase('go1.22/multi-generation');
  it('restarts the consumer, which ends with the numbers of a clean parse', async () => {
    const bytes = readFileSync(c.trace);
    const version = readHeader(bytes).version;
    let calls = 0;
    const speculate = (b: Uint8Array, v: number, first: boolean, _t: boolean, keep: Uint8Array | null) => {
      const r = speculateGeneration(b, v, first, keep);
      return Promise.resolve(++calls === 3 ? { ...r, structural: 'damaged table (injected)' } : r);
    };
    let p = new PprofStream('sched');
    let restarts = 0;
    let delivered = 0;
    const stats = { generations: 0, merged: 0, fallbacks: 0, sequential: false };
    const store = await readV2Parallel(bytes, version, {
      speculate,
      keep: PPROF_KEEP_TYPES,
      stats,
      retain: false,
      onChunk: (s, ch) => {
        delivered++;
        p.feed(s, ch);
      },
      onRestart: () => {
        restarts++;
        p = new PprofStream('sched');
      },
    });
    expect(stats.generations).toBeGreaterThan(3);
    expect(stats.sequential).toBe(true);
    expect(restarts).toBe(1);
    expect(delivered).toBeGreaterThan(stats.generations); // the first two generations came twice
    const streamed = encodeProfile(buildProfile(store, 'sched', p.finish()!));
    const whole = parseTrace(bytes);
    expect(sorted(streamed)).toEqual(sorted(encodeProfile(buildProfile(whole, 'sched', pprofProfileRecords(whole, 'sched')))));
  });
});
