// Latency distributions: /api/sched-latency, every Runnable->Running wait of the trace (its
// histogram, percentiles and the longest waits, each with its goroutine and time).

import type { FastifyInstance } from 'fastify';
import type { SchedLatencyResponse } from '../../api/distribution-format.js';
import { schedLatency } from '../../analysis/sched-latency.js';
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
}
