// A route test's server: a fastify app (no viewer assets) over a trace parsed in this
// process, built before the suite's tests and closed after them. Call it inside a describe.

import { afterAll, beforeAll } from 'vitest';
import { statSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { parseTraceFile } from '../../parser/node.js';
import { TraceSession } from '../../server/session.js';
import { buildApp } from '../../server/app.js';

export interface TraceApp {
  /** The session (available once the suite's beforeAll ran). */
  session(): TraceSession;
  get(url: string): ReturnType<FastifyInstance['inject']>;
}

export function useTraceApp(file: string): TraceApp {
  let s: TraceSession | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    s = new TraceSession(file, statSync(file).size, await parseTraceFile(file));
    app = await buildApp(s, { assets: '/nonexistent' });
  });
  afterAll(async () => {
    await app?.close();
    await s?.close();
  });
  return {
    session: () => s!,
    get: (url) => app!.inject({ method: 'GET', url }),
  };
}
