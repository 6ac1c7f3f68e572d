// Critical paths: /api/critical-path (of a task, or of a goroutine over its life or a window)
// and /api/critical-path/breakdown (per task type, where the ended tasks' paths spent their time).
// The goroutines' state histories are computed once, on first use, from the session's events.

import type { FastifyInstance } from 'fastify';
import type { CriticalPathResponse, PathBreakdownResponse } from '../../api/critical-path-format.js';
import { GoHistory, goHistory } from '../../analysis/go-history.js';
import { PathError, goroutineCriticalPath, taskCriticalPath, taskPathBreakdown } from '../../analysis/critical-path.js';
import { TraceSession } from '../session.js';
import { BadRequest, NotFound, UINT, querySchema } from './query.js';

/** The state histories, computed once per session. */
export function historyOf(s: TraceSession): GoHistory {
  return s.once('critical-path:history', () => goHistory(s.store));
}

interface PathQuery {
  task?: string;
  goid?: string;
  /** A window of the goroutine, ns since the trace's first event. */
  startNs?: string;
  endNs?: string;
}

export function criticalPathRoutes(app: FastifyInstance, s: TraceSession): void {
  app.get<{ Querystring: PathQuery }>(
    '/api/critical-path',
    { schema: querySchema({ task: UINT, goid: UINT, startNs: UINT, endNs: UINT }) },
    async (req): Promise<CriticalPathResponse> => {
      const q = req.query;
      if ((q.task === undefined) === (q.goid === undefined)) throw new BadRequest('give one of task=ID or goid=N');
      const h = historyOf(s);
      try {
        if (q.task !== undefined) {
          const task = h.tasks.get(Number(q.task));
          const path = taskCriticalPath(h, Number(q.task));
          return { ...path, traceStartNs: s.origin, subject: `task ${q.task}${task?.type ? ` (${task.type})` : ''}` };
        }
        const goid = Number(q.goid);
        let window: { start: number; end: number } | undefined;
        if (q.startNs !== undefined || q.endNs !== undefined) {
          if (q.startNs === undefined || q.endNs === undefined) throw new BadRequest('startNs and endNs go together');
          window = { start: s.origin + Number(q.startNs), end: s.origin + Number(q.endNs) };
        }
        const path = goroutineCriticalPath(h, goid, window);
        return { ...path, traceStartNs: s.origin, subject: `goroutine ${goid}` };
      } catch (e) {
        if (e instanceof PathError) throw new NotFound(e.message);
        throw e;
      }
    },
  );

  app.get('/api/critical-path/breakdown', async (): Promise<PathBreakdownResponse> =>
    s.once('critical-path:breakdown', () => taskPathBreakdown(historyOf(s))),
  );
}
