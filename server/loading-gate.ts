// Keeps every route from answering before its data is complete (the server listens while the
// trace loads, server/load-state.ts): /api/ routes answer 503 "still loading" with the progress
// (api/types.ts LoadingResponse), go tool trace's data URLs wait until the trace is ready, the
// viewer's pages and assets are served at once. /api/progress always answers.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoadingResponse } from '../api/types.js';
import { pages } from '../api/pages.js';
import type { TraceSession } from './session.js';
import { TIMELINE_ROUTES } from './routes/timeline.js';

type Gate = 'open' | 'loading' | 'wait';

const PAGE_PATHS = new Set(pages().map((p) => p.path));
/** Query parameters that make a page URL go tool trace's data (a profile's raw=1, /mmu's mode=plot|details). */
const DATA_PARAMS = ['raw', 'mode'];

/** What a route does while its trace loads (route: the route's pattern, without a /base prefix). */
export function gateOf(route: string, query: Record<string, unknown>): Gate {
  if (route === '/api/progress') return 'open';
  if (route.startsWith('/api/')) return 'loading';
  if (route === '/*') return 'open'; // the viewer's assets
  if (PAGE_PATHS.has(route)) return DATA_PARAMS.some((k) => typeof query[k] === 'string' && query[k] !== '') ? 'wait' : 'open';
  return 'wait';
}

/** The 503 (loading) or 500 (failed) answer for a session not ready. */
export function sendNotReady(reply: FastifyReply, s: TraceSession): FastifyReply {
  const progress = s.load.progress();
  if (progress.phase === 'failed') {
    return reply.code(500).send({ error: `the trace failed to load: ${progress.message ?? 'unknown error'}`, loading: false, progress } satisfies LoadingResponse);
  }
  const pct = progress.bytesTotal > 0 ? Math.floor((100 * progress.bytesDone) / progress.bytesTotal) : 0;
  const body: LoadingResponse = {
    error: `the trace is still loading (${progress.phase}, ${pct}%): ask again once /api/progress says ready`,
    loading: true,
    progress,
  };
  return reply.code(503).header('retry-after', '1').send(body);
}

/**
 * Installs the gate: `sessionsOf(route)` names the sessions a route reads (the trace's, the
 * base's under /base, both for the comparison) and the route pattern to judge it by.
 */
export function installLoadingGate(app: FastifyInstance, sessionsOf: (route: string) => { sessions: TraceSession[]; route: string }): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const pattern = req.routeOptions.url;
    if (pattern === undefined) return;
    const { sessions, route } = sessionsOf(pattern);
    let waiting = sessions.filter((s) => !s.ready);
    if (waiting.length === 0) return;
    const gate = gateOf(route, (req.query ?? {}) as Record<string, unknown>);
    if (gate === 'open') return;
    // The timeline answers from what is parsed so far, once there is a timeline of it.
    if (TIMELINE_ROUTES.includes(route) && waiting.every((s) => s.load.phase !== 'failed' && s.preview?.() != null)) return;
    if (gate === 'wait') {
      for (const s of waiting) await s.load.whenSettled();
      waiting = waiting.filter((s) => !s.ready);
      if (waiting.length === 0) return;
    }
    return sendNotReady(reply, waiting[0]!);
  });
}
