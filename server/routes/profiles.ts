// Profiles: /api/profile as JSON samples for the viewer's flame graph and top table, and go tool
// trace's own URLs (/io, /block, /syscall, /sched and /region*) whose ?raw=1 form downloads the
// gzipped profile.proto; without raw=1 those URLs are viewer pages. /api/profile/empty-stack says
// where a profile's sample without a stack comes from. Every kind, URL and download
// name comes from api/profile-kinds.ts.

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmptyStackOriginsResponse, ProfileResponse } from '../../api/types.js';
import { PROFILE_KINDS, profileKind, profileKindPattern, type PprofKind } from '../../api/profile-kinds.js';
import { VIEW_PARAMS } from '../../api/profile-views.js';
import { PprofFilter, absoluteWindow, pprofIntervals, ProfileRecord } from '../../analysis/pprof.js';
import { profileResponse } from '../../analysis/profile-json.js';
import { emptyStackOriginsJson } from '../../analysis/empty-stack-origins.js';
import { isSampleKind } from '../../analysis/profile-analyses.js';
import { buildProfile, encodeProfile } from '../../analysis/pprof-build.js';
import { TraceSession } from '../session.js';
import { collectGarbage } from '../collect-garbage.js';
import { forEachBrief } from '../../analysis/goroutine-summary.js';
import { BadRequest, HEX, NotFound, durationParam, pcParam, querySchema, windowParam } from './query.js';


export interface ProfileQuery {
  name?: string;
  type?: string;
  pc?: string;
  latmin?: string;
  latmax?: string;
  /** START,END: only that stretch of the trace (Go durations from its start). */
  window?: string;
}

const SCOPE_PARAMS = { name: null, type: null, pc: HEX, latmin: null, latmax: null, window: null };
/** The page's view parameters (api/profile-views.ts): the viewer reads them; a download ignores them. */
const PAGE_VIEW_PARAMS = Object.fromEntries(VIEW_PARAMS.map((k) => [k, null]));

/** The filter of a group-scoped (name) or region-scoped (type, pc, latmin, latmax) profile. */
function filterOf(s: TraceSession, q: ProfileQuery, region: boolean): PprofFilter {
  const window = windowParam(q.window);
  return window === undefined ? scopeOf(s, q, region) : { ...scopeOf(s, q, region), window };
}

function scopeOf(s: TraceSession, q: ProfileQuery, region: boolean): PprofFilter {
  if (region) {
    return { region: { type: q.type, pc: pcParam(q.pc), latMin: durationParam('latmin', q.latmin), latMax: durationParam('latmax', q.latmax) } };
  }
  if (q.name !== undefined && q.name !== '') {
    let found = false;
    forEachBrief(s.summaries, (g) => {
      if (g.name === q.name) found = true;
    });
    if (!found) throw new NotFound(`no goroutines with start function ${JSON.stringify(q.name)}`);
    return { goroutineName: q.name };
  }
  return {};
}

/** Why a profile of this trace is empty whatever it counts (null: it may have samples). */
function emptyBecause(s: TraceSession): string | null {
  if (s.summaries.goroutines.size > 0) return null;
  return s.damage !== null
    ? 'The trace kept no goroutines (it is damaged: see the overview), so every profile is empty.'
    : 'The trace holds no goroutines, so every profile is empty.';
}

/** The profile's records, computed once per filter in the analysis worker (other requests go on meanwhile). */
function records(s: TraceSession, kind: PprofKind, q: ProfileQuery, region: boolean): Promise<ProfileRecord[]> {
  // go tool trace fails here ("failed to find matching goroutines"); a page shows it as empty.
  if (emptyBecause(s) !== null) return Promise.resolve([]);
  const filter = filterOf(s, q, region);
  const key = `profile:${kind}:${JSON.stringify(filter)}`;
  return s.once(key, async () => {
    const recs = await s.worker.pprof(kind, pprofIntervals(s.store, filter, s.summaries, s.span, kind), s.span, absoluteWindow(filter, s.span));
    collectAfterProfile(s);
    return recs;
  });
}

/** Where the stackless sample of the same profile comes from (computed once per filter in the worker). */
async function emptyStackJson(s: TraceSession, kind: PprofKind, q: ProfileQuery, region: boolean): Promise<EmptyStackOriginsResponse> {
  if (isSampleKind(kind)) throw new BadRequest(`the ${kind} profile counts samples: its samples without a stack have no origin to split`);
  if (emptyBecause(s) !== null) return { kind, ns: 0, count: 0, causes: [], creators: [] };
  const filter = filterOf(s, q, region);
  const key = `empty-stack:${kind}:${JSON.stringify(filter)}`;
  return s.once(key, async () => {
    const o = await s.worker.emptyStackOrigins(kind, pprofIntervals(s.store, filter, s.summaries, s.span, kind), s.span, absoluteWindow(filter, s.span));
    collectAfterProfile(s);
    return emptyStackOriginsJson(s.store, kind, o, (id) => s.goroutineName(id));
  });
}

/** Whether a query is region-scoped (scope=region, or type/pc given without scope); name with it is an error. */
function regionScoped(q: ProfileQuery & { scope?: string }): boolean {
  const region = q.scope === 'region' || (q.scope === undefined && (q.type !== undefined || q.pc !== undefined));
  if (region && q.name !== undefined) throw new BadRequest('give either name (a goroutine group) or type/pc (a region), not both');
  return region;
}

/**
 * Once a new profile's records are back from the worker, the intervals made for it are garbage:
 * a large trace's (events on disk) are collected at once, tens of milliseconds against seconds of
 * profile (the 210 MB trace's profiles otherwise left them at the peak). A small trace's wait.
 */
function collectAfterProfile(s: TraceSession): void {
  if (s.store.eventsOnDisk) collectGarbage();
}

/** The records as /api/profile's answer (frames and samples). */
export function profileJson(s: TraceSession, kind: PprofKind, recs: ProfileRecord[]): ProfileResponse {
  return profileResponse(s.store, kind, recs, emptyBecause(s));
}

export async function sendRawProfile(s: TraceSession, reply: FastifyReply, kind: PprofKind, q: ProfileQuery, region: boolean): Promise<FastifyReply> {
  const recs = await records(s, kind, q, region);
  const bytes = encodeProfile(buildProfile(s.store, kind, recs));
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', `attachment; filename="${profileKind(kind)!.download}"`)
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function profileRoutes(app: FastifyInstance, s: TraceSession, page: (reply: FastifyReply) => FastifyReply): void {
  app.get<{ Querystring: ProfileQuery & { kind: PprofKind; scope?: string } }>(
    '/api/profile',
    { schema: querySchema({ kind: profileKindPattern(), scope: '^(group|region)$', ...SCOPE_PARAMS }, ['kind']) },
    async (req): Promise<ProfileResponse> => {
      const q = req.query;
      return profileJson(s, q.kind, await records(s, q.kind, q, regionScoped(q)));
    },
  );

  app.get<{ Querystring: ProfileQuery & { kind: PprofKind; scope?: string } }>(
    '/api/profile/empty-stack',
    { schema: querySchema({ kind: profileKindPattern(), scope: '^(group|region)$', ...SCOPE_PARAMS }, ['kind']) },
    async (req): Promise<EmptyStackOriginsResponse> => emptyStackJson(s, req.query.kind, req.query, regionScoped(req.query)),
  );

  const raw = (url: string, kind: PprofKind, region: boolean): void => {
    app.get<{ Querystring: ProfileQuery & { raw?: string } }>(url, { schema: querySchema({ raw: null, ...SCOPE_PARAMS, ...PAGE_VIEW_PARAMS }) }, async (req, reply) => {
      // Like go tool trace: any non-empty raw downloads.
      if (req.query.raw === undefined || req.query.raw === '') return page(reply);
      return sendRawProfile(s, reply, kind, req.query, region);
    });
  };
  for (const k of PROFILE_KINDS) {
    raw(k.page, k.id as PprofKind, false);
    raw(k.regionPage, k.id as PprofKind, true);
  }
}
