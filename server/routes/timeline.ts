// Timeline API (analysis/timeline): the track list, binary tiles of rectangles, counter series
// and the details of one span. Request cost is bounded: at most MAX_TILE_TRACKS tracks and
// MAX_TILE_WIDTH pixels per request, windows clamped to the trace. Track ids are checked against
// the patterns of api/track-kinds.ts's table.

import type { FastifyInstance } from 'fastify';
import type { CountersResponse, SpanDetail } from '../../api/types.js';
import { MAX_TILE_TRACKS, MAX_TILE_WIDTH, encodeTile } from '../../api/tile-format.js';
import { TRACK_KINDS, type TrackKindSpec, trackIdPattern, trackListPattern } from '../../api/track-kinds.js';
import { Timeline, spanDetail, timelineCounters, timelineTile, timelineTracksWire } from '../../analysis/timeline/index.js';
import { TraceSession } from '../session.js';
import { BadRequest, NUMBER, NotFound, UINT, numberParam, querySchema } from './query.js';

interface Window {
  t0?: string;
  t1?: string;
  width?: string;
}

/**
 * The window [t0, t1) clamped to the trace (a window outside it draws nothing) and the width
 * capped; 400 for an empty window or no width.
 */
function windowOf(tl: Timeline, q: Window): { t0: number; t1: number; width: number } {
  const dur = tl.lastTime - tl.firstTime;
  const t0 = numberParam('t0', q.t0, 0);
  const t1 = numberParam('t1', q.t1, Math.max(dur, t0 + 1));
  const width = numberParam('width', q.width, 1000);
  if (width < 1) throw new BadRequest('bad width: want at least 1 pixel');
  if (!(t1 > t0)) throw new BadRequest(`bad window: t1 (${t1}) must be after t0 (${t0})`);
  const c0 = Math.min(Math.max(0, t0), dur);
  return { t0: c0, t1: Math.max(c0, Math.min(dur, t1)), width: Math.min(MAX_TILE_WIDTH, Math.floor(width)) };
}

/** The routes' paths: while the trace loads they answer from the timeline of what is parsed so far. */
export const TIMELINE_ROUTES: readonly string[] = ['/api/timeline/tracks', '/api/timeline', '/api/timeline/counters', '/api/timeline/span'];

/**
 * The timeline to answer from (TraceSession.timelineNow): the loading gate lets these routes
 * through before the trace is ready only once there is a timeline of what is parsed so far.
 */
async function current(s: TraceSession): Promise<NonNullable<Awaited<ReturnType<TraceSession['timelineNow']>>>> {
  const now = await s.timelineNow();
  if (now === null) throw new Error('the trace is still loading');
  return now;
}

/** `kinds`: the track kinds the URLs accept (api/track-kinds.ts's table; tests add to it). */
export function timelineRoutes(app: FastifyInstance, s: TraceSession, kinds: readonly TrackKindSpec[] = TRACK_KINDS): void {
  app.get('/api/timeline/tracks', async (_req, reply) => {
    const { timeline: tl, name, preview } = await current(s);
    // Serialized once (per preview while loading): on a big trace it is megabytes.
    const json = preview === null ? s.tracksJson(tl) : (preview.tracksJson ??= JSON.stringify(timelineTracksWire(tl, { name })));
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.get<{ Querystring: Window & { tracks: string } }>(
    '/api/timeline',
    { schema: querySchema({ tracks: trackListPattern(kinds), t0: NUMBER, t1: NUMBER, width: UINT }, ['tracks']) },
    async (req, reply) => {
      const tracks = req.query.tracks.split(',');
      if (tracks.length > MAX_TILE_TRACKS) throw new BadRequest(`too many tracks: ${tracks.length} (at most ${MAX_TILE_TRACKS} per request)`);
      const tl = (await current(s)).timeline;
      await s.summariesOf(tracks);
      const w = windowOf(tl, req.query);
      const bytes = encodeTile(timelineTile(tl, tracks, w.t0, w.t1, w.width));
      return reply.type('application/octet-stream').header('cache-control', 'no-cache').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );

  app.get<{ Querystring: Window }>(
    '/api/timeline/counters',
    { schema: querySchema({ t0: NUMBER, t1: NUMBER, width: UINT }) },
    async (req): Promise<CountersResponse> => {
      const tl = (await current(s)).timeline;
      const w = windowOf(tl, req.query);
      return timelineCounters(tl, w.t0, w.t1, w.width);
    },
  );

  app.get<{ Querystring: { track: string; t: string } }>(
    '/api/timeline/span',
    { schema: querySchema({ track: `^${trackIdPattern(kinds)}$`, t: NUMBER }, ['track', 't']) },
    async (req): Promise<SpanDetail> => {
      const { timeline, name } = await current(s);
      const d = spanDetail(timeline, req.query.track, Number(req.query.t), name);
      if (d === null) throw new NotFound(`no span on track ${req.query.track} at ${req.query.t} ns`);
      return d;
    },
  );
}
