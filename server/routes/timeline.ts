// Timeline API: the track list, binary tiles, counters and span details (analysis/timeline).

import type { FastifyInstance } from 'fastify';
import { TraceSession } from '../session.js';

export function timelineRoutes(_app: FastifyInstance, _s: TraceSession): void {
  // Wired to analysis/timeline's tile functions as they land.
}
