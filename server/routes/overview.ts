// /api/progress and /api/summary: loading state and the overview page's numbers.

import type { FastifyInstance } from 'fastify';
import type { Progress, TraceSummary } from '../../api/types.js';
import { TraceSession } from '../session.js';


export function overviewRoutes(app: FastifyInstance, s: TraceSession): void {
  // The server listens while the trace loads (serve.ts): where that stands, with the numbers
  // known so far. Every other route waits for 'ready' (loading-gate.ts).
  app.get('/api/progress', async (): Promise<Progress> => s.load.progress());

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
