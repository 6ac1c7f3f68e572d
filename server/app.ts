// The fastify application: the JSON API, go tool trace's URLs, the viewer's pages and assets.
// Nothing outside the built viewer (dist/viewer) and these routes is served.

import Fastify, { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pages } from '../api/pages.js';
import { TraceSession } from './session.js';
import { overviewRoutes } from './routes/overview.js';
import { goroutineRoutes } from './routes/goroutines.js';
import { profileRoutes } from './routes/profiles.js';
import { taskRoutes } from './routes/tasks.js';
import { mmuRoutes } from './routes/mmu.js';
import { timelineRoutes } from './routes/timeline.js';
import { jsonTraceRoutes } from './routes/jsontrace.js';
import { sourceRoutes } from './routes/source.js';
import { compareRoutes } from './routes/compare.js';
import { criticalPathRoutes } from './routes/critical-path.js';
import { distributionRoutes } from './routes/distributions.js';
import type { SourceOptions } from './source-files.js';
import { installLoadingGate } from './loading-gate.js';

/** The built viewer, next to the compiled server (dist/server -> dist/viewer). */
export const DEFAULT_ASSETS = join(dirname(fileURLToPath(import.meta.url)), '..', 'viewer');

export interface AppOptions {
  /** Directory of the built viewer (default dist/viewer). */
  assets?: string;
  /** Accept only requests whose Host is a loopback name (guards against DNS rebinding). Default true. */
  loopbackHostsOnly?: boolean;
  logger?: boolean;
  /** Where the Source view finds source files (pprof's -source_path and -trim_path). */
  sources?: SourceOptions;
  /** The trace to compare with (-diff_base): its API answers under /base. */
  base?: TraceSession;
}

/** The routes that answer from one trace: FILE's at /, BASE's under /base. */
function traceRoutes(app: FastifyInstance, session: TraceSession, page: (reply: FastifyReply) => FastifyReply, sources: SourceOptions): void {
  overviewRoutes(app, session);
  goroutineRoutes(app, session);
  profileRoutes(app, session, page);
  taskRoutes(app, session);
  mmuRoutes(app, session, page);
  timelineRoutes(app, session);
  jsonTraceRoutes(app, session);
  sourceRoutes(app, session, sources);
  criticalPathRoutes(app, session);
  distributionRoutes(app, session);
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

export async function buildApp(session: TraceSession, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, routerOptions: { maxParamLength: 200 }, return503OnClosing: true, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
  const assets = opts.assets ?? DEFAULT_ASSETS;
  const haveAssets = existsSync(join(assets, 'index.html'));

  if (opts.loopbackHostsOnly ?? true) {
    app.addHook('onRequest', async (req, reply) => {
      if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
        return reply.code(403).send({ error: 'this server answers only loopback host names (localhost, 127.0.0.1)' });
      }
    });
  }
  // While a trace loads, routes that read it say so (or wait: go tool trace's data URLs).
  const base = opts.base;
  installLoadingGate(app, (route) => {
    if (base !== undefined && route.startsWith('/base/')) return { sessions: [base], route: route.slice('/base'.length) };
    if (route.startsWith('/api/compare')) return { sessions: base === undefined ? [session] : [session, base], route };
    return { sessions: [session], route };
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, _req, reply) => {
    const code = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const message = err.validation !== undefined ? `bad request: ${err.message}` : err.message;
    reply.code(code).send({ error: code === 500 ? `internal error: ${message}` : message });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: `not found: ${req.method} ${req.url.split('?')[0]}` });
  });

  const page = (reply: FastifyReply): FastifyReply => {
    if (!haveAssets) return reply.code(503).type('text/plain; charset=utf-8').send('prof-trace: the viewer is not built (run npm run build)\n');
    return reply.header('cache-control', 'no-cache').sendFile('index.html', assets);
  };

  if (haveAssets) {
    // Hashed build assets and other files of the viewer; @fastify/static refuses paths outside root.
    await app.register(fastifyStatic, { root: assets, prefix: '/', index: false, wildcard: true, serve: true, dotfiles: 'deny' });
  }

  const sources = opts.sources ?? { sourcePath: [], trimPath: [] };
  traceRoutes(app, session, page, sources);
  compareRoutes(app, session, opts.base);
  if (base !== undefined) {
    await app.register(async (scope) => traceRoutes(scope, base, page, sources), { prefix: '/base' });
  }

  // Every page of api/pages.ts answers with the app, unless a route above already serves it
  // (go tool trace's profile and /mmu URLs, which answer their own query forms too).
  for (const p of pages()) {
    if (app.hasRoute({ method: 'GET', url: p.path })) continue;
    app.get(p.path, async (_req, reply) => page(reply));
  }
  return app;
}
