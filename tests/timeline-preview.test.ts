// The timeline shown while a trace loads (server/timeline-preview.ts): built in its own worker from
// the chunks parsed so far, it must show what the whole trace's timeline shows over the stretch it
// covers — streaming changes when spans appear, never what they are. Checked on every prefix of
// chunks of multi-generation traces: tiles at several zooms, counters and span details equal the
// whole timeline's inside the prefix; its goroutines are named from its own rows exactly as the
// goroutine analysis names them; and the server's timeline routes answer from it while the trace
// loads, when every other route still says loading. Needs `npm run build` (the worker runs the
// built analysis-worker.js).

import { describe, it, expect } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress, SpanDetail, TimelineTracks } from '../api/types.js';
import { parseTraceFile } from '../parser/node.js';
import type { EventStore } from '../parser/events.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { buildTimeline, spanDetail, timelineCounters, timelineTile, timelineTracks, type Timeline } from '../analysis/timeline/index.js';
import { goroutineNameFromRows } from '../analysis/timeline/goroutine-tracks.js';
import { TimelinePreviews, type TimelinePreview } from '../server/timeline-preview.js';
import { ColumnCache, EventSpill } from '../server/event-spill.js';
import { TraceSession } from '../server/session.js';
import { buildApp } from '../server/app.js';
import { unpackTracks, type TimelineTracksWire } from '../api/tracks-format.js';
import { decodeTile, encodeTile } from '../api/tile-format.js';
import { GoroutineColumns } from '../analysis/goroutine-columns.js';
import { CORPUS, FIXTURES, REPO, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

/** One chunk per generation: the parallel parse, forced on small traces. */
const PARALLEL = { workers: 2, parallelThreshold: 0 };
/** A build after every chunk, whatever the size. */
const EVERY_CHUNK = { minFileBytes: 0, maxFraction: 1, maxEvents: Infinity, watchMs: 0, growth: 1 };

const MULTI = new Set(['go1.22/multi-generation', 'go1.23/multi-generation', 'go1.26/multi-generation', 'go1.26/http-load', 'go1.22/cpuburn', 'go1.26/cpuburn']);
const cases = [...traceCases(FIXTURES).map((c) => ({ ...c, label: `fixtures/${c.label}` })), ...traceCases(CORPUS)];
const multi = cases.filter((c) => MULTI.has(c.label.replace(/^fixtures\//, '')));

/**
 * The previews built after each chunk in turn, fed as the loader feeds them; with `spill`, each
 * chunk's columns are on disk and out of memory before it is fed (the worker reads them back).
 */
async function previewsOf(store: EventStore, size: number, spill?: EventSpill): Promise<TimelinePreview[]> {
  const pv = new TimelinePreviews(size, EVERY_CHUNK);
  const out: TimelinePreview[] = [];
  try {
    for (const c of store.chunks) {
      if (spill !== undefined) {
        spill.put(c);
        await spill.drain();
        if (c.n > 0) expect(c.cold).toBe(true);
      }
      pv.feed(store, c, 0);
      await pv.settled();
      if (pv.current !== null && pv.current !== out.at(-1)) out.push(pv.current);
    }
  } finally {
    pv.close();
  }
  return out;
}

/** A tile's rectangles with each style code read as its label (codes are numbered in order of first use). */
function tileRects(tl: Timeline, tracks: string[], t0: number, t1: number, width: number): unknown[] {
  const labels = timelineTracks(tl).styles.map((s) => s.label);
  const tile = decodeTile(encodeTileOf(tl, tracks, t0, t1, width));
  return tile.tracks.map((tr) => {
    const rects: unknown[] = [];
    for (let i = 0; i < tr.n; i++) rects.push([tr.start[i], tr.end[i], tr.arg[i], tr.count[i], labels[tr.style[i]!]]);
    return rects;
  });
}

function encodeTileOf(tl: Timeline, tracks: string[], t0: number, t1: number, width: number): Uint8Array {
  return encodeTile(timelineTile(tl, tracks, t0, t1, width));
}

function styleLabel(tl: Timeline, code: number): string {
  return timelineTracks(tl).styles[code]?.label ?? `style ${code}`;
}

function trackIds(t: TimelineTracks): string[] {
  return [...t.procs.map((p) => p.track), ...t.threads.map((m) => m.track), ...t.goroutines.map((g) => g.track), ...t.other.map((o) => o.track)];
}

describe('the timeline of the generations parsed so far', () => {
  itRunsCases('multi-generation traces (2 fixtures, 4 from the corpus)', multi.length, 6);
  it.each(multi.map((c) => [c.label, c.trace]))('%s: equals the whole timeline over what it covers', async (_label, file) => {
    const store = await parseTraceFile(file, PARALLEL);
    expect(store.chunks.length).toBeGreaterThan(2);
    const whole = buildTimeline(store);
    const previews = await previewsOf(store, statSync(file).size);
    expect(previews.length).toBeGreaterThan(1);
    for (const p of previews) {
      const tl = p.timeline;
      expect(tl.firstTime).toBe(whole.firstTime);
      expect(tl.lastTime).toBeLessThanOrEqual(whole.lastTime);
      expect(p.info).toEqual({ durationNs: tl.lastTime - tl.firstTime, events: tl.times.n });
      const cover = tl.lastTime - tl.firstTime;
      if (cover <= 0) continue;
      // Every track the preview has, the whole timeline has.
      const ids = trackIds(timelineTracks(tl));
      const wholeIds = new Set(trackIds(timelineTracks(whole)));
      for (const id of ids) expect(wholeIds.has(id), id).toBe(true);
      // Windows inside what it covers (a span still open at its end is cut by the window in both).
      const windows: [number, number, number][] = [[0, cover, 1600], [0, cover / 2, 400], [cover / 3, (2 * cover) / 3, 1000], [cover * 0.9, cover, 2000]];
      for (let k = 0; k < 8; k++) windows.push([(k * cover) / 8, ((k + 1) * cover) / 8, 800]);
      for (const [t0, t1, width] of windows) {
        for (let i = 0; i < ids.length; i += 60) {
          const batch = ids.slice(i, i + 60);
          expect(tileRects(tl, batch, t0, t1, width), `tiles ${batch[0]}… [${t0}, ${t1}) at ${width}`).toEqual(tileRects(whole, batch, t0, t1, width));
        }
        expect(timelineCounters(tl, t0, t1, width), `counters [${t0}, ${t1})`).toEqual(timelineCounters(whole, t0, t1, width));
      }
      // Span details at the middle of every span of a tile, inside what it covers.
      const tile = timelineTile(tl, ids, 0, cover, 1600);
      const name = (id: number) => goroutineNameFromRows(whole, id);
      for (let i = 0; i < ids.length; i++) {
        const tr = tile.tracks[i]!;
        for (let r = 0; r < tr.n; r += 7) {
          const t = (tr.start[r]! + tr.end[r]!) / 2;
          const d = spanDetail(tl, ids[i]!, t, (id) => goroutineNameFromRows(tl, id));
          const w = spanDetail(whole, ids[i]!, t, name);
          if (d === null) {
            expect(w, `${ids[i]} at ${t}`).toBeNull();
            continue;
          }
          // The span's end: where the whole trace ends it, or cut at the preview's last event
          // (then what ends it is not known yet).
          const cut = d.endNs !== w!.endNs;
          if (cut) expect(d.endNs, `${ids[i]} at ${t}: cut at the end`).toBe(cover);
          // A goroutine is named once a stack names it: maybe not yet in the preview.
          if (d.goroutine && w!.goroutine && d.goroutine.name === '') d.goroutine.name = w!.goroutine.name;
          // Style codes are numbered in order of first use: the labels must agree.
          expect(styleLabel(tl, d.style), `${ids[i]} at ${t}: style`).toBe(styleLabel(whole, w!.style));
          const same = (x: SpanDetail) => ({ ...x, endNs: cut ? 0 : x.endNs, endedBy: cut ? null : x.endedBy, style: 0 });
          expect(same(d), `${ids[i]} at ${t}`).toEqual(same(w!));
        }
      }
    }
  }, 120_000);

  it('is the same built from chunks already on disk (the worker reads them back)', async () => {
    const file = join(CORPUS, 'traces/go1.26/multi-generation.trace');
    const size = statSync(file).size;
    const fromMemory = await previewsOf(await parseTraceFile(file, PARALLEL), size);
    const store = await parseTraceFile(file, PARALLEL);
    ColumnCache.install(1);
    const spill = EventSpill.create();
    try {
      const fromDisk = await previewsOf(store, size, spill);
      expect(fromDisk.length).toBe(fromMemory.length);
      expect(fromDisk.length).toBeGreaterThan(1);
      fromDisk.forEach((p, k) => {
        const m = fromMemory[k]!;
        expect(p.info).toEqual(m.info);
        const ids = trackIds(timelineTracks(m.timeline));
        expect(trackIds(timelineTracks(p.timeline))).toEqual(ids);
        const cover = m.info.durationNs;
        expect(tileRects(p.timeline, ids, 0, cover, 1600), `preview ${k}: tiles`).toEqual(tileRects(m.timeline, ids, 0, cover, 1600));
        expect(timelineCounters(p.timeline, 0, cover, 800), `preview ${k}: counters`).toEqual(timelineCounters(m.timeline, 0, cover, 800));
      });
    } finally {
      spill.close();
      ColumnCache.install();
    }
  }, 120_000);

  it.each(cases.map((c) => [c.label, c.trace]))('%s: names goroutines from its rows as the goroutine analysis does', async (_label, file) => {
    const store = await parseTraceFile(file);
    const tl = buildTimeline(store);
    const sums = summarizeGoroutines(store);
    for (const g of timelineTracks(tl).goroutines) {
      expect(goroutineNameFromRows(tl, g.id), `G${g.id}`).toBe(nameOf(sums, g.id));
    }
  });

  it('is what the timeline routes answer while the trace loads, and nothing else answers', async () => {
    const file = join(CORPUS, 'traces/go1.26/multi-generation.trace');
    const store = await parseTraceFile(file, PARALLEL);
    const size = statSync(file).size;
    const previews = await previewsOf(store, size);
    const p = previews[1]!;
    const s = TraceSession.loading(file, size);
    s.preview = () => p;
    s.load.timelinePreview = () => p.info;
    const app = await buildApp(s, { assets: join(REPO, 'viewer') });
    try {
      const progress = JSON.parse((await app.inject('/api/progress')).body) as Progress;
      expect(progress.phase).toBe('parsing');
      expect(progress.timeline).toEqual(p.info);
      const tracks = await app.inject('/api/timeline/tracks');
      expect(tracks.statusCode).toBe(200);
      const t = unpackTracks(JSON.parse(tracks.body) as TimelineTracksWire);
      expect(t.durationNs).toBe(p.info.durationNs);
      expect(t.goroutines.map((g) => g.name)).toEqual(t.goroutines.map((g) => goroutineNameFromRows(p.timeline, g.id)));
      expect(t.goroutines.some((g) => g.name !== '')).toBe(true);
      const tile = await app.inject(`/api/timeline?tracks=p0,${t.goroutines[0]!.track}&t0=0&t1=${p.info.durationNs}&width=800`);
      expect(tile.statusCode).toBe(200);
      expect(Buffer.compare(tile.rawPayload, Buffer.from(encodeTileOf(p.timeline, ['p0', t.goroutines[0]!.track], 0, p.info.durationNs, 800)))).toBe(0);
      expect((await app.inject(`/api/timeline/counters?t0=0&t1=${p.info.durationNs}&width=100`)).statusCode).toBe(200);
      for (const url of ['/api/summary', '/api/goroutines', '/api/profile?kind=sched', '/api/cpu-samples']) {
        expect((await app.inject(url)).statusCode, url).toBe(503);
      }
      // Without a preview, the timeline says loading too.
      s.preview = () => null;
      expect((await app.inject('/api/timeline/tracks')).statusCode).toBe(503);
      // A failed load: no timeline either.
      s.preview = () => p;
      s.load.fail('bad trace');
      expect((await app.inject('/api/timeline/tracks')).statusCode).toBe(500);
    } finally {
      await app.close();
    }
  });
});

describe('how far the previews grow', () => {
  // Builds past maxEvents only while someone watches: a timeline route read the preview within
  // watchMs. Times are given, so the test does not depend on the clock.
  it('stops at maxEvents unwatched, grows while a timeline route reads it', async () => {
    const file = join(CORPUS, 'traces/go1.26/multi-generation.trace');
    const store = await parseTraceFile(file, PARALLEL);
    const chunks = store.chunks.filter((c) => c.n > 0);
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    const policy = { minFileBytes: 0, maxFraction: 1, maxEvents: chunks[0]!.n, watchMs: 1000, growth: 1 };
    const pv = new TimelinePreviews(statSync(file).size, policy);
    const s = TraceSession.loading(file, statSync(file).size);
    s.preview = pv.forRoutes();
    const app = await buildApp(s, { assets: join(REPO, 'viewer') });
    const covered = () => pv.current?.info.events ?? 0;
    let events = 0;
    const feed = async (k: number, now: number) => {
      events += chunks[k]!.n;
      pv.feed(store, chunks[k]!, 0, now);
      await pv.settled();
    };
    try {
      await feed(0, 0); // within maxEvents: built
      expect(covered()).toBe(chunks[0]!.n);
      await feed(1, 10); // past it, nobody watching: not built
      expect(covered()).toBe(chunks[0]!.n);
      pv.watched(20);
      await feed(2, 30); // watched 10 ms ago: built
      expect(covered()).toBe(events);
      await feed(3, 1100); // the watch is over: not built
      expect(covered()).toBe(events - chunks[3]!.n);
      // A timeline route reading the preview is a watch (now, on the clock).
      expect((await app.inject('/api/timeline/tracks')).statusCode).toBe(200);
      await feed(4, performance.now());
      expect(covered()).toBe(events);
    } finally {
      pv.close();
      await app.close();
    }
  });
});

/** The goroutine analysis' name of a goroutine, as the server reads it (TraceSession.goroutineName). */
function nameOf(sums: ReturnType<typeof summarizeGoroutines>, id: number): string {
  const gs = sums.goroutines;
  return (gs instanceof GoroutineColumns ? gs.nameOf(id) : gs.get(id)?.name) ?? '';
}
