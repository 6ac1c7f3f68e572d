// Latency distributions: /api/sched-latency, every Runnable->Running wait of the trace (its
// histogram, percentiles and the longest waits, each with its goroutine and time), and
// /api/pauses, the longest stop-the-world pauses and GC mark assists with what they delayed.

import type { FastifyInstance } from 'fastify';
import type { CpuSamplesResponse, PausesResponse, SchedLatencyResponse } from '../../api/distribution-format.js';
import { sampleTimes } from '../../analysis/cpu-samples.js';
import { schedLatency } from '../../analysis/sched-latency.js';
import { pauses } from '../../analysis/pauses.js';
import { TraceSession } from '../session.js';

export function distributionRoutes(app: FastifyInstance, s: TraceSession): void {
  app.get('/api/sched-latency', async (): Promise<SchedLatencyResponse> =>
    s.once('sched-latency', () => {
      const l = schedLatency(s.store);
      return {
        ...l.percentiles,
        histogram: l.histogram,
        worst: l.worst.map((w) => ({ goroutine: w.goroutine, name: s.goroutineName(w.goroutine), startNs: w.start - s.origin, durationNs: w.duration })),
      };
    }),
  );

  app.get('/api/pauses', async (): Promise<PausesResponse> =>
    s.once('pauses', () => {
      const p = pauses(s.store);
      return {
        stw: p.stw.map((x) => ({ name: x.name, goroutine: x.goroutine, startNs: x.start - s.origin, durationNs: x.duration, delayedCount: x.delayed.length, delayed: x.delayed.slice(0, 8) })),
        assists: p.assists.map((x) => ({ goroutine: x.goroutine, name: s.goroutineName(x.goroutine), startNs: x.start - s.origin, durationNs: x.duration })),
        stwCount: p.stwCount,
        stwTotalNs: p.stwTotal,
        assistCount: p.assistCount,
        assistTotalNs: p.assistTotal,
      };
    }),
  );

  app.get('/api/cpu-samples', async (): Promise<CpuSamplesResponse> =>
    s.once('cpu-samples', () => {
      const by = sampleTimes(s.store);
      let count = 0;
      const goroutines = [...by].map(([goid, times]) => {
        count += times.length;
        return { goid, times: times.map((t) => t - s.origin) };
      });
      return { count, goroutines };
    }),
  );
}
