// /api/progress and /api/summary: loading state and the overview page's numbers.

import type { FastifyInstance } from 'fastify';
import type { Progress, TraceSummary } from '../../api/types.js';
import { TraceSession } from '../session.js';


export function overviewRoutes(app: FastifyInstance, s: TraceSession): void {
  // The server listens once the trace is parsed and analyzed (serve.ts): it is always ready.
  app.get('/api/progress', async (): Promise<Progress> => ({
    phase: 'ready',
    bytesDone: s.sizeBytes,
    bytesTotal: s.sizeBytes,
    generationsDone: s.store.generations,
    generationsTotal: s.store.generations,
  }));

  app.get('/api/summary', async (): Promise<TraceSummary> => {
    const f = s.facts;
    const warnings: string[] = [];
    if (s.damage !== null) warnings.push(s.damage);
    return {
      file: s.file,
      sizeBytes: s.sizeBytes,
      goVersion: `go 1.${s.store.version}`,
      durationNs: f.lastTime - f.firstTime,
      generations: s.store.generations,
      events: f.events,
      goroutines: s.summaries.goroutines.size,
      procs: f.procs,
      threads: f.threads,
      gcCycles: f.gcCycles,
      stwCount: f.stwCount,
      stwTotalNs: f.stwTotalNs,
      userTasks: f.userTasks,
      userRegions: f.userRegions,
      warnings,
    };
  });
}
