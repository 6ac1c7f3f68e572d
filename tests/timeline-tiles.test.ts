// Timeline queries (analysis/timeline): tiles keep every track's covered time exactly at every
// zoom, hold at most `width` sorted disjoint rectangles, and at full resolution give the goroutine
// analysis' per-state times; tiles survive encode/decode; span details name the blocking stack,
// the unblocker and the creator; counters keep at most 2 points per pixel and equal the raw
// series at full resolution.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { GoState } from '../parser/events.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { addRegionTracks, buildTimeline, Timeline, timelineTile, timelineTracks, timelineCounters, rawCounterSeries, spanDetail, trackView, busyGoroutineTracks, firstScreenTracks, warmTrack, timelineTracksWire } from '../analysis/timeline/index.js';
import { BUSY_GOROUTINE_ROWS, LOD_FAN, buildLod, buildLodInSteps, rowAtThroughLod, warmTrackInSteps } from '../analysis/timeline/lod.js';
import { decodeTile, encodeTile, TileTrack } from '../api/tile-format.js';
import type { LodLevel } from '../analysis/timeline/model.js';
import { packTracks, unpackTracks } from '../api/tracks-format.js';
import { formatTrackId } from '../api/track-kinds.js';
import { procRowEndEv, procRowEnds } from '../analysis/timeline/rows.js';
import { PackedU32 } from '../analysis/timeline/packed-u32.js';
import { CORPUS, FIXTURES, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

const CORPUS_PICK = new Set(['go1.26/chan-pipeline', 'go1.26/gc-stress', 'go1.26/many-goroutines', 'go1.22/http-load', 'go1.21/multi-generation', 'go1.19/sched-latency']);
const cases = [
  ...traceCases(FIXTURES).map((c) => ({ ...c, label: `fixtures/${c.label}` })),
  ...traceCases(CORPUS).filter((c) => CORPUS_PICK.has(c.label)),
];

/** Seeded random numbers (the same windows on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Time the track's drawn rows cover inside [t0, t1) (absolute), and how many rows overlap it. */
function covered(tl: Timeline, id: string, t0: number, t1: number): { time: number; rows: number } {
  const v = trackView(tl, id)!;
  let time = 0;
  let rows = 0;
  for (let j = v.lo; j < v.hi; j++) {
    if (v.style(j) === 0) continue;
    const s = Math.max(v.start(j), t0);
    const e = Math.min(v.end(j), t1);
    if (e > s && v.end(j) > v.start(j)) {
      time += e - s;
      rows++;
    }
  }
  return { time, rows };
}

/** Sorted, disjoint, inside the window, at most `width` rectangles. */
function checkShape(tr: TileTrack, t0: number, t1: number, width: number, what: string): void {
  expect(tr.n, `${what}: rectangles <= width`).toBeLessThanOrEqual(width);
  for (let i = 0; i < tr.n; i++) {
    if (!(tr.start[i]! >= t0 - 1e-6 && tr.start[i]! <= tr.end[i]! && tr.end[i]! <= t1 + 1e-6)) {
      expect.fail(`${what}: rectangle ${i} [${tr.start[i]}, ${tr.end[i]}) outside [${t0}, ${t1})`);
    }
    if (i > 0 && tr.start[i]! < tr.end[i - 1]!) expect.fail(`${what}: rectangle ${i} overlaps the previous`);
    expect(tr.count[i]! >= 1).toBe(true);
  }
}

function allTracks(tl: Timeline): string[] {
  const t = timelineTracks(tl);
  return [...t.procs.map((p) => p.track), ...t.threads.map((m) => m.track), ...t.goroutines.map((g) => g.track), ...t.other.map((o) => o.track)];
}

describe('timeline tiles', () => {
  itRunsCases('traces (58 fixtures, 6 picked from the corpus)', cases.length, 64);
  for (const tc of cases) {
    it(`${tc.label}: covered time kept at every zoom, rectangles <= width, sorted, disjoint`, () => {
      const tl = buildTimeline(parseTrace(readFileSync(tc.trace)));
      const tracks = allTracks(tl);
      const dur = tl.lastTime - tl.firstTime;
      const rand = rng(7);
      const windows: [number, number, number][] = [
        [0, dur, 100],
        [0, dur, 1000],
        [-dur * 0.1, dur * 1.1, 37],
      ];
      for (let k = 0; k < 6; k++) {
        const len = dur * Math.pow(10, -4 * rand());
        const t0 = (dur - len) * rand();
        windows.push([t0, t0 + len, [50, 400, 1600][k % 3]!]);
      }
      for (const [t0, t1, width] of windows) {
        const tile = timelineTile(tl, tracks, t0, t1, width);
        expect(tile.tracks.length).toBe(tracks.length);
        tracks.forEach((id, q) => {
          const tr = tile.tracks[q]!;
          const what = `${id} [${t0}, ${t1}) @${width}`;
          checkShape(tr, t0, t1, width, what);
          let sum = 0;
          let count = 0;
          for (let i = 0; i < tr.n; i++) {
            sum += tr.end[i]! - tr.start[i]!;
            count += tr.count[i]!;
          }
          const want = covered(tl, id, tl.firstTime + t0, tl.firstTime + t1);
          if (Math.abs(sum - want.time) > 1e-6 * (t1 - t0) + 1) expect.fail(`${what}: covers ${sum} ns, rows ${want.time} ns`);
          expect(count, `${what}: rows merged`).toBe(want.rows);
        });
      }
    });
  }

  for (const tc of cases) {
    it(`${tc.label}: at full resolution, per-state time equals the goroutine analysis`, () => {
      const store = parseTrace(readFileSync(tc.trace));
      const tl = buildTimeline(store);
      const sum = summarizeGoroutines(store);
      const tracks = timelineTracks(tl).goroutines;
      let full = 0;
      for (const g of tracks) {
        // Tiles over stretches of 8 rows of the goroutine at width 8192; a stretch where rows
        // still merge (very short ones) is done again one row per tile.
        const v = trackView(tl, g.track)!;
        let exec = 0;
        let syscall = 0;
        const waiting = new Map<string, number>();
        const add = (a: number, b: number, width: number, must: boolean): boolean => {
          const tr = timelineTile(tl, [g.track], a - tl.firstTime, b - tl.firstTime, width).tracks[0]!;
          if (Array.from(tr.count.subarray(0, tr.n)).some((c) => c > 1)) {
            if (must) expect.fail(`${g.track}: rows merged in [${a}, ${b})`);
            return false;
          }
          for (let i = 0; i < tr.n; i++) {
            const d = tr.end[i]! - tr.start[i]!;
            const st = tl.styles.goState[tr.style[i]!];
            if (st === GoState.Running) exec += d;
            else if (st === GoState.Syscall) syscall += d;
            else if (st === GoState.Waiting) {
              const r = tl.styles.reason(tr.style[i]!);
              if (r !== 'forever') waiting.set(r, (waiting.get(r) ?? 0) + d);
            }
          }
          return true;
        };
        for (let j = v.lo; j < v.hi - 1; j += 8) {
          const j1 = Math.min(v.hi - 1, j + 8);
          if (add(v.start(j), v.start(j1), 8192, false)) {
            full++;
            continue;
          }
          for (let q = j; q < j1; q++) add(v.start(q), v.start(q + 1), 1, true);
        }
        const s = sum.goroutines.get(g.id)!.stats;
        expect({ id: g.id, exec, syscall, waiting: [...waiting].filter(([, d]) => d !== 0).sort() }).toEqual({
          id: g.id,
          exec: s.execTime,
          syscall: s.syscallTime + s.syscallBlockTime,
          waiting: [...s.blockTimeByReason].filter(([, d]) => d !== 0).sort(),
        });
      }
      expect(full, 'stretches of 8 rows at width 8192 that did not merge').toBeGreaterThan(0);
    });
  }

  it('the track list survives its wire form (goroutines in columns, names interned)', () => {
    const store = parseTrace(readFileSync(join(FIXTURES, 'traces/go1.26/leak.trace')));
    const tl = buildTimeline(store);
    const names = new Map([...summarizeGoroutines(store).goroutines].map(([id, g]) => [id, g.name]));
    const t = timelineTracks(tl, { name: (id) => names.get(id) ?? '' });
    expect(t.goroutines.length).toBeGreaterThan(30);
    // What the server sends (listed straight into columns) is what packing the objects gives.
    expect(timelineTracksWire(tl, { name: (id) => names.get(id) ?? '' })).toEqual(packTracks(t));
    const wire = JSON.parse(JSON.stringify(packTracks(t)));
    expect(wire.goroutines.names.length).toBeLessThan(t.goroutines.length);
    expect(unpackTracks(wire)).toEqual(t);
    wire.goroutines.lifeNs.pop();
    expect(() => unpackTracks(wire)).toThrow(/differ in length/);
  });

  it('the busy goroutine tracks, busiest first, summarized ahead: the same tiles as summaries built on first use', () => {
    const c = cases.find((x) => x.label === 'go1.22/http-load')!;
    const store = parseTrace(readFileSync(c.trace));
    const cold = buildTimeline(store);
    const warm = buildTimeline(store);
    const g = warm.goroutines;
    const rowsOf = (id: string) => g.count[[...g.ids].indexOf(Number(id.slice(1)))]!;
    const min = 64;
    const busy = busyGoroutineTracks(warm, min);
    const expected = [...g.ids].filter((_, k) => g.count[k]! >= min).length;
    expect(expected).toBeGreaterThan(1);
    expect(busy.length).toBe(expected);
    for (let k = 1; k < busy.length; k++) expect(rowsOf(busy[k - 1]!)).toBeGreaterThanOrEqual(rowsOf(busy[k]!));
    expect(busyGoroutineTracks(warm).every((id) => rowsOf(id) >= BUSY_GOROUTINE_ROWS)).toBe(true);
    // The first screen: the P tracks (as the listing has them), then the busy goroutine tracks.
    expect(firstScreenTracks(warm)).toEqual([...timelineTracks(warm).procs.map((p) => p.track), ...busyGoroutineTracks(warm)]);
    for (const id of busy) warmTrack(warm, id);
    expect(busy.every((id) => warm.lod.has(id))).toBe(true);
    expect(busy.some((id) => cold.lod.has(id))).toBe(false);
    const dur = warm.lastTime - warm.firstTime;
    for (const [t0, t1, w] of [[0, dur, 1600], [dur / 3, dur / 3 + dur / 1000, 400]] as const) {
      expect(encodeTile(timelineTile(warm, busy, t0, t1, w))).toEqual(encodeTile(timelineTile(cold, busy, t0, t1, w)));
    }
  });

  it('summaries built a slice of rows at a time, with pauses between, are the summaries built in one go', async () => {
    const c = cases.find((x) => x.label === 'go1.22/http-load')!;
    const tl = buildTimeline(parseTrace(readFileSync(c.trace)));
    const ids = [...firstScreenTracks(tl), ...busyGoroutineTracks(tl, 64).slice(0, 4)];
    expect(ids.length).toBeGreaterThan(2);
    // Summaries as bytes (toEqual on large typed arrays is slow).
    const bytes = (levels: LodLevel[] | undefined) =>
      (levels ?? []).map((l) => [l.shift, ...[l.cov, l.cnt, l.dom, l.longest, l.longestDur, l.firstStart].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64'))].join('|'));
    for (const id of ids) {
      const v = trackView(tl, id)!;
      let pauses = 0;
      const pause = async () => {
        // What the serving thread may do meanwhile: build another track's summaries in one go.
        if (pauses++ === 0) buildLod(trackView(tl, ids[ids.length - 1]!)!);
      };
      const stepped = await buildLodInSteps(v, pause, 5);
      expect(bytes(stepped)).toEqual(bytes(buildLod(v)));
      const blocks = Math.ceil((v.hi - v.lo) / LOD_FAN);
      expect(pauses).toBe(v.hi - v.lo < 2 * LOD_FAN ? 0 : Math.ceil(blocks / 5) - 1);
    }
    // Warming ahead keeps what a tile built meanwhile, and fills in what none asked for.
    const [first, second] = ids as [string, string];
    let built: unknown = null;
    await warmTrackInSteps(tl, first, async () => {
      // A tile asks for the track midway.
      if (built === null) {
        warmTrack(tl, first);
        built = tl.lod.get(first);
      }
    }, 5);
    expect(built).not.toBeNull();
    expect(tl.lod.get(first)).toBe(built);
    expect(tl.lod.has(second)).toBe(false);
    await warmTrackInSteps(tl, second, async () => {}, 5);
    expect(bytes(tl.lod.get(second))).toEqual(bytes(buildLod(trackView(tl, second)!)));
  });

  it('the row at a time, found through the summaries, is the one a search of every row finds', () => {
    const c = cases.find((x) => x.label === 'go1.22/http-load')!;
    const tl = buildTimeline(parseTrace(readFileSync(c.trace)));
    const ids = [...firstScreenTracks(tl), ...busyGoroutineTracks(tl, 64).slice(0, 4), ...[...tl.threads.ids].map((m) => formatTrackId({ kind: 'thread', num: m }))];
    let checked = 0;
    let summarized = 0;
    for (const id of ids) {
      const v = trackView(tl, id)!;
      const levels = buildLod(v);
      if (levels.length > 0) summarized++;
      const times = [-Infinity, Infinity];
      for (let j = v.lo; j < v.hi; j += Math.max(1, Math.floor((v.hi - v.lo) / 500))) times.push(v.start(j) - 1, v.start(j), v.start(j) + 1);
      for (const t of times) {
        expect(rowAtThroughLod(v, levels, t), `${id} at ${t}`).toBe(v.rowAt(t));
        checked++;
      }
      // Without summaries it is the search itself.
      expect(rowAtThroughLod(v, [], v.start(v.lo))).toBe(v.rowAt(v.start(v.lo)));
    }
    expect(summarized).toBeGreaterThan(6);
    expect(checked).toBeGreaterThan(1000);
  });

  it("a P row's end: its goroutine row's end, or one of the few kept apart", () => {
    // Two Ps with slack rows after their groups; goroutine rows' events ascending.
    const rnd = rng(7);
    const rowEv = Uint32Array.from({ length: 4000 }, (_, k) => 10 * k);
    const offset = Uint32Array.from([0, 1500]);
    const count = Uint32Array.from([1400, 2300]);
    const goroutineRow = new Uint32Array(3900);
    const endEv = new Uint32Array(3900);
    let exceptions = 0;
    for (let p = 0; p < 2; p++) {
      for (let j = offset[p]!; j < offset[p]! + count[p]!; j++) {
        goroutineRow[j] = Math.floor(rnd() * 3998);
        const own = rowEv[goroutineRow[j]! + 1]!;
        const apart = rnd() < 0.05;
        endEv[j] = apart ? own - 3 : own;
        if (apart) exceptions++;
      }
    }
    const ev = PackedU32.of(rowEv);
    // Every used row a candidate, in scrambled order (the rows pass notes only those that may differ).
    const rowsOf = (off: Uint32Array, cnt: Uint32Array) => {
      const rows: number[] = [];
      for (let p = 0; p < off.length; p++) for (let j = off[p]!; j < off[p]! + cnt[p]!; j++) rows.push(j);
      return Uint32Array.from(rows.sort((a, b) => ((a * 7919) % 3900) - ((b * 7919) % 3900)));
    };
    const cand = rowsOf(offset, count);
    const procs = { ids: Float64Array.from([0, 1]), offset, count, goroutineRow, ...procRowEnds(goroutineRow, cand, Uint32Array.from(cand, (j) => endEv[j]!), ev) };
    const goroutines = { ids: new Float64Array(0), offset: new Uint32Array(0), count: new Uint32Array(0), ev, style: new Uint8Array(4000), firstStack: new Uint32Array(0) };
    expect(procs.endExcRow.length).toBe(exceptions);
    expect(exceptions).toBeGreaterThan(50);
    for (let p = 0; p < 2; p++) for (let j = offset[p]!; j < offset[p]! + count[p]!; j++) expect(procRowEndEv(procs, goroutines, j)).toBe(endEv[j]);
  });

  it('tiles survive encode/decode', () => {
    const tl = buildTimeline(parseTrace(readFileSync(join(FIXTURES, 'traces/go1.26/chans.trace'))));
    const tracks = [...allTracks(tl), 'nope', 'g999999'];
    const tile = timelineTile(tl, tracks, 1000, (tl.lastTime - tl.firstTime) / 3, 640);
    const back = decodeTile(encodeTile(tile));
    expect([back.t0, back.t1, back.width, back.tracks.length]).toEqual([tile.t0, tile.t1, tile.width, tile.tracks.length]);
    let rects = 0;
    tile.tracks.forEach((tr, q) => {
      const b = back.tracks[q]!;
      expect(b.n).toBe(tr.n);
      rects += tr.n;
      for (const f of ['start', 'end', 'arg', 'count', 'style'] as const) expect(Array.from(b[f])).toEqual(Array.from(tr[f].subarray(0, tr.n)));
    });
    expect(rects).toBeGreaterThan(100);
    expect(back.tracks[tracks.length - 1]!.n).toBe(0);
    // P and thread rectangles carry the goroutine that ran.
    const p0 = tile.tracks[tracks.indexOf('p0')]!;
    expect(p0.n).toBeGreaterThan(0);
    for (let i = 0; i < p0.n; i++) expect(trackView(tl, `g${p0.arg[i]}`), `p0 arg ${p0.arg[i]} is a goroutine`).not.toBeNull();
  });

  for (const [fixture, reason, frame] of [
    ['chans', 'chan receive', 'runtime.chanrecv'],
    ['chans', 'chan send', 'runtime.chansend'],
    ['mutex', 'sync', 'sync.'],
  ] as const) {
    it(`span detail of a "${reason}" span (${fixture}) names where it blocked, the unblocker and the creator`, () => {
      const tl = buildTimeline(parseTrace(readFileSync(join(FIXTURES, `traces/go1.26/${fixture}.trace`))));
      const names = new Map([...summarizeGoroutines(tl.store).goroutines].map(([id, g]) => [id, g.name]));
      const name = (id: number) => names.get(id) ?? '';
      let checked = 0;
      let created = 0;
      for (const g of timelineTracks(tl, { name }).goroutines) {
        const v = trackView(tl, g.track)!;
        for (let j = v.lo; j < v.hi && created < 5; j++) {
          if (tl.styles.reason(v.style(j)) !== reason || tl.styles.goState[v.style(j)] !== GoState.Waiting) continue;
          const mid = (v.start(j) + v.end(j)) / 2 - tl.firstTime;
          const d = spanDetail(tl, g.track, mid, name)!;
          expect(d).not.toBeNull();
          expect([d.state, d.reason, d.goroutine]).toEqual(['waiting', reason, { id: g.id, name: g.name }]);
          expect(d.startNs).toBe(v.start(j) - tl.firstTime);
          expect(d.endNs).toBe(v.end(j) - tl.firstTime);
          expect(d.stack.some((f) => f.func.startsWith(frame)), `blocking stack ${d.stack.map((f) => f.func)}`).toBe(true);
          expect(d.stack.every((f) => f.file !== '' && f.line > 0)).toBe(true);
          if (d.endedBy === null) continue; // ended by the trace's end
          expect(d.endedBy.goroutine).not.toBe(g.id);
          expect(d.endedBy.timeNs).toBe(d.endNs);
          expect(d.endedBy.stack.length).toBeGreaterThan(0);
          checked++;
          // main.main runs before tracing starts; the fixtures' other goroutines start inside it.
          if (g.name === 'main.main') continue;
          expect(d.createdBy, 'created in the trace').not.toBeNull();
          expect(d.createdBy!.timeNs <= d.startNs).toBe(true);
          expect(d.createdBy!.stack.length).toBeGreaterThan(0);
          created++;
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(created).toBeGreaterThan(0);
      expect(spanDetail(tl, 'g999999', 0)).toBeNull();
      expect(spanDetail(tl, 'p0', -1)).toBeNull();
    });
  }

  for (const v of ['go1.22', 'go1.26']) {
    it(`user-region tracks (${v}/tasks): the union of each goroutine's regions, innermost region drawn`, () => {
      const store = parseTrace(readFileSync(join(FIXTURES, `traces/${v}/tasks.trace`)));
      const tl = buildTimeline(store);
      const sum = summarizeGoroutines(store);
      addRegionTracks(tl, sum);
      const dur = tl.lastTime - tl.firstTime;
      let tracks = 0;
      for (const [id, g] of sum.goroutines) {
        if (g.regions.length === 0) {
          expect(trackView(tl, `r${id}`)).toBeNull();
          continue;
        }
        tracks++;
        // The union of the regions' spans, by merging sorted intervals.
        const iv = g.regions.map((r) => [r.start?.time ?? tl.firstTime, r.end?.time ?? tl.lastTime] as [number, number]).sort((a, b) => a[0] - b[0]);
        let union = 0;
        let cs = -Infinity;
        let ce = -Infinity;
        for (const [a, b] of iv) {
          if (a > ce) {
            if (ce > cs) union += ce - cs;
            cs = a;
            ce = b;
          } else ce = Math.max(ce, b);
        }
        if (ce > cs) union += ce - cs;
        const tile = timelineTile(tl, [`r${id}`], 0, dur, 8192);
        const tr = tile.tracks[0]!;
        checkShape(tr, 0, dur, 8192, `r${id}`);
        let got = 0;
        for (let i = 0; i < tr.n; i++) got += tr.end[i]! - tr.start[i]!;
        expect(got).toBeCloseTo(union, 3);
        // The innermost region at the middle of the last-starting region is that region.
        const r = [...g.regions].filter((x) => x.start !== null && x.end !== null && x.end.time > x.start.time).pop();
        if (r === undefined) continue;
        const mid = (r.start!.time + r.end!.time) / 2 - tl.firstTime;
        const d = spanDetail(tl, `r${id}`, mid)!;
        expect(d.state).toBe('region');
        expect(d.goroutine?.id).toBe(id);
        expect(d.label).toBe(r.name === '' ? '(inherited region)' : r.name);
      }
      expect(tracks).toBeGreaterThan(0);
      expect(timelineTracks(tl).goroutines.filter((g) => g.regions).length).toBe(tracks);
    });
  }

  for (const tc of cases) {
    it(`${tc.label}: counters keep at most 2 points per pixel, peaks, and the raw series at full resolution`, () => {
      const tl = buildTimeline(parseTrace(readFileSync(tc.trace)));
      const raw = rawCounterSeries(tl).series;
      const dur = tl.lastTime - tl.firstTime;
      const rand = rng(3);
      const valueAt = (s: { t: number[]; v: number[] }, t: number): number | undefined => {
        let k = -1;
        while (k + 1 < s.t.length && s.t[k + 1]! <= t) k++;
        return k < 0 ? undefined : s.v[k];
      };
      for (const [t0, t1, width] of [[0, dur, 100], [0, dur, 7], [dur * 0.2, dur * 0.3, 500], [dur * rand() * 0.5, dur * 0.5 + dur * rand() * 0.5, 60]] as const) {
        const got = timelineCounters(tl, t0, t1, width).series;
        got.forEach((s, q) => {
          const r = raw[q]!;
          expect(s.name).toBe(r.name);
          expect(s.t.length, `${s.name}: points`).toBeLessThanOrEqual(2 * width + 1);
          for (let i = 1; i < s.t.length; i++) expect(s.t[i]! >= s.t[i - 1]!).toBe(true);
          const inside = r.v.filter((_, i) => r.t[i]! > t0 && r.t[i]! < t1);
          const first = valueAt(r, t0);
          if (first !== undefined) inside.push(first);
          if (inside.length === 0) return;
          // Peaks survive (a busy pixel may also show a neighbouring block's extremes).
          expect(Math.max(...s.v), `${s.name} max`).toBeGreaterThanOrEqual(Math.max(...inside));
          expect(Math.min(...s.v), `${s.name} min`).toBeLessThanOrEqual(Math.min(...inside));
        });
      }
      // Full resolution: a window of a few dozen samples, a pixel narrower than any gap between them.
      const all = [...new Set(raw.flatMap((s) => s.t))].sort((a, b) => a - b);
      if (all.length < 3) return;
      const a = Math.floor(all.length * 0.4);
      const b = Math.min(all.length - 1, a + 40);
      const t0 = all[a]! - 0.5;
      const t1 = all[b]! + 0.5;
      let gap = Infinity;
      for (let k = a + 1; k <= b; k++) gap = Math.min(gap, all[k]! - all[k - 1]!);
      const width = Math.min(400000, Math.ceil((t1 - t0) / Math.max(gap, 1e-3)) + 2);
      const got = timelineCounters(tl, t0, t1, width).series;
      got.forEach((s, q) => {
        const r = raw[q]!;
        const want: number[][] = [];
        const first = valueAt(r, t0);
        if (first !== undefined) want.push([t0, first]);
        r.t.forEach((t, i) => {
          if (t > t0 && t < t1) want.push([t, r.v[i]!]);
        });
        expect(
          s.t.map((t, i) => [t, s.v[i]!]),
          s.name,
        ).toEqual(want);
      });
    });
  }
});
