// Track kinds (api/track-kinds.ts): every kind's ids round-trip through parseTrackId/formatTrackId,
// the server's URL schemas accept exactly the ids the table parses, and a kind added to the table
// is accepted by the timeline routes and parsed, formatted and labelled without other changes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { TRACK_KINDS, type TrackKindSpec, argText, formatTrackId, parseTrackId, trackIdPattern, trackKindOf, trackListPattern } from '../api/track-kinds.js';
import { decodeTile } from '../api/tile-format.js';
import { parseTrace } from '../parser/index.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { userTasks } from '../analysis/tasks.js';
import { TRACK_SOURCES, type Timeline, addRegionTracks, addTaskTrack, buildTimeline, timelineTracks, timelineTracksWire } from '../analysis/timeline/index.js';
import { timelineRoutes } from '../server/routes/timeline.js';
import type { TraceSession } from '../server/session.js';
import { FIXTURES } from './support/paths.js';

/** The table and two kinds more: a numbered one whose arg is a goroutine, and a single track. */
const WITH_FAKE: readonly TrackKindSpec[] = [
  ...TRACK_KINDS,
  { name: 'cpu', prefix: 'c', numbered: true, arg: 'goroutine' },
  { name: 'critical', prefix: 'crit', numbered: false, arg: null },
];

/** Strings near the ids of the table, for the "no kind has it" checks. */
const NOT_IDS = ['', 'p', 'g', 'p-1', 'p1.5', 'p1e3', 'x1', 'gc1', 'stw2', 'tasks1', 'g1a', ' g1', 'g1 ', 'G1', 'P0', `g${'1'.repeat(20)}`, 'r', 'gcx', 'g,1', 'c7', 'crit'];

const TASKS = join(FIXTURES, 'traces/go1.26/tasks.trace');

function timeline() {
  const store = parseTrace(new Uint8Array(readFileSync(TASKS)));
  const tl = buildTimeline(store);
  addRegionTracks(tl, summarizeGoroutines(store));
  addTaskTrack(tl, userTasks(store));
  return tl;
}

/** The timeline routes over a trace, accepting the track kinds given. */
async function routes(kinds: readonly TrackKindSpec[]): Promise<FastifyInstance> {
  const tl = timeline();
  // What the timeline routes use of a session: the model and goroutine names.
  const session = {
    timelineNow: async () => ({ timeline: tl, name: () => '', preview: null }),
    once: <T>(_k: string, make: () => T) => make(),
    tracksJson: (rows: Timeline) => JSON.stringify(timelineTracksWire(rows, { name: () => '' })),
    summariesOf: async () => {},
  } as unknown as TraceSession;
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
  timelineRoutes(app, session, kinds);
  await app.ready();
  return app;
}

describe('track ids', () => {
  it('every kind of the table round-trips through parseTrackId and formatTrackId', () => {
    for (const k of TRACK_KINDS) {
      const id = k.numbered ? `${k.prefix}42` : k.prefix;
      const t = parseTrackId(id);
      expect(t, id).toEqual(k.numbered ? { kind: k.name, num: 42 } : { kind: k.name });
      expect(formatTrackId(t!)).toBe(id);
      expect(trackKindOf(id)).toBe(k);
    }
    expect(parseTrackId('p0')).toEqual({ kind: 'proc', num: 0 });
    expect(parseTrackId('g9007199254740991')).toEqual({ kind: 'goroutine', num: 9007199254740991 });
    expect(formatTrackId({ kind: 'thread', num: 12 })).toBe('m12');
  });

  it('strings of no kind are refused by the parser and the URL patterns alike', () => {
    const one = new RegExp(`^${trackIdPattern()}$`);
    const list = new RegExp(trackListPattern());
    for (const s of NOT_IDS) {
      expect(parseTrackId(s), s).toBeNull();
      expect(one.test(s), s).toBe(false);
      expect(list.test(s), s).toBe(false);
    }
    expect(list.test('p0,m1,g2,r3,gc,stw,tasks')).toBe(true);
    expect(list.test('p0,,g2')).toBe(false);
    expect(list.test('p0,')).toBe(false);
  });

  it('formatTrackId refuses a kind not in the table and a missing or bad number', () => {
    expect(() => formatTrackId({ kind: 'cpu' as never, num: 1 })).toThrow(/unknown track kind/);
    expect(() => formatTrackId({ kind: 'proc' })).toThrow(/bad number/);
    expect(() => formatTrackId({ kind: 'proc', num: -1 })).toThrow(/bad number/);
    expect(() => formatTrackId({ kind: 'goroutine', num: 1.5 })).toThrow(/bad number/);
  });

  it('a table with a prefix taken twice is refused', () => {
    const twice: TrackKindSpec[] = [...TRACK_KINDS, { name: 'other', prefix: 'p', numbered: true, arg: null }];
    expect(() => parseTrackId('p1', twice)).toThrow(/taken twice/);
  });

  it('what a rectangle arg shows follows the kind: G<id> on P and thread tracks, task <id> on the task track', () => {
    expect(argText(trackKindOf('p3'), 17)).toBe('G17');
    expect(argText(trackKindOf('m3'), 17)).toBe('G17');
    expect(argText(trackKindOf('tasks'), 4)).toBe('task 4');
    expect(argText(trackKindOf('r3'), 4)).toBe('');
    expect(argText(trackKindOf('g3'), 4)).toBe('');
    expect(argText(trackKindOf('p3'), 0)).toBe('');
  });
});

describe('a kind added to the table', () => {
  it('is parsed, formatted and labelled from its entry alone', () => {
    expect(parseTrackId('c7', WITH_FAKE)).toEqual({ kind: 'cpu', num: 7 });
    expect(parseTrackId('crit', WITH_FAKE)).toEqual({ kind: 'critical' });
    expect(formatTrackId({ kind: 'cpu', num: 7 }, WITH_FAKE)).toBe('c7');
    expect(formatTrackId({ kind: 'critical' }, WITH_FAKE)).toBe('crit');
    // The table's own kinds are unchanged by the addition.
    for (const id of ['p0', 'm1', 'g2', 'r3', 'gc', 'stw', 'tasks']) expect(parseTrackId(id, WITH_FAKE)).toEqual(parseTrackId(id));
    expect(argText(trackKindOf('c7', WITH_FAKE), 5)).toBe('G5');
    // Not in the real table.
    expect(parseTrackId('c7')).toBeNull();
  });

  it('is accepted by the timeline routes: a tile (empty without its analysis) and a span lookup', async () => {
    const plain = await routes(TRACK_KINDS);
    const fake = await routes(WITH_FAKE);
    try {
      const tile = '/api/timeline?tracks=c7,crit,g1&t0=0&t1=100000000&width=50';
      const span = '/api/timeline/span?track=c7&t=1000';
      const refused = await plain.inject(tile);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toMatch(/querystring\/tracks must match pattern/);
      expect((await plain.inject(span)).statusCode).toBe(400);

      const r = await fake.inject(tile);
      expect(r.statusCode, r.body).toBe(200);
      const t = decodeTile(new Uint8Array(r.rawPayload).buffer);
      expect(t.tracks.map((x) => x.n)).toEqual([0, 0, expect.any(Number)]);
      expect(t.tracks[2]!.n).toBeGreaterThan(0);
      // Past the schema: the analysis has no such span (404, not 400).
      expect((await fake.inject(span)).statusCode).toBe(404);
      // The table's kinds still pass.
      expect((await fake.inject('/api/timeline/span?track=g1&t=1000')).statusCode).not.toBe(400);
    } finally {
      await Promise.all([plain.close(), fake.close()]);
    }
  });
});

describe('the analysis of each kind', () => {
  it('every kind of the table has its TrackSource, and no other', () => {
    expect(Object.keys(TRACK_SOURCES).sort()).toEqual(TRACK_KINDS.map((k) => k.name).sort());
  });

  it('the track listing gives ids of the table, each in its place', () => {
    const tl = timeline();
    const t = timelineTracks(tl);
    const kindsOf = (ids: string[]) => new Set(ids.map((id) => parseTrackId(id)?.kind ?? `bad id ${id}`));
    expect(kindsOf(t.procs.map((p) => p.track))).toEqual(new Set(['proc']));
    expect(kindsOf(t.threads.map((p) => p.track))).toEqual(new Set(['thread']));
    expect(kindsOf(t.goroutines.map((p) => p.track))).toEqual(new Set(['goroutine']));
    const other = kindsOf(t.other.map((p) => p.track));
    expect(other.has('tasks')).toBe(true);
    for (const k of other) expect(['gc', 'stw', 'tasks']).toContain(k);
    for (const g of t.goroutines) expect(parseTrackId(g.track)!.num).toBe(g.id);
    // tasks.trace has user regions: their goroutines are flagged.
    expect(t.goroutines.some((g) => g.regions)).toBe(true);
    for (const g of t.goroutines) expect(g.regions).toBe(tl.regionTracks.has(g.id));
  });
});
