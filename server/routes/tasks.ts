// User tasks and regions API: /api/tasks (/usertasks), /api/task (/usertask), /api/regions
// (/userregions), /api/region (/userregion), with go tool trace's query parameters.

import type { FastifyInstance } from 'fastify';
import type { RegionListResponse, RegionsResponse, TaskListResponse, TasksResponse } from '../../api/types.js';
import { UserTask, userTaskPage } from '../../analysis/tasks.js';
import { userRegionPage, userRegions } from '../../analysis/regions.js';
import { regionInterval } from '../../analysis/pprof-intervals.js';
import { TraceSession } from '../session.js';
import { FLAG, HEX, NotFound, UINT, durationParam, isTrue, pcParam, querySchema } from './query.js';

function taskJson(t: UserTask): TaskListResponse['tasks'][number] {
  return {
    id: t.id,
    type: t.type,
    parent: t.parent,
    children: t.children,
    complete: t.complete,
    startNs: t.start,
    endNs: t.end,
    durationNs: t.duration,
    goroutines: t.goroutines,
    events: t.events.map((e) => ({ whenNs: e.when, elapsedNs: e.elapsed, goroutine: e.goroutine, what: e.what, ...(e.log ? { log: e.log } : {}) })),
  };
}

interface TaskQuery {
  id?: string;
  type?: string;
  complete?: string;
  latmin?: string;
  latmax?: string;
  logtext?: string;
}
interface RegionQuery {
  type?: string;
  pc?: string;
  latmin?: string;
  latmax?: string;
  sortby?: string;
}

export function taskRoutes(app: FastifyInstance, s: TraceSession): void {
  app.get('/api/tasks', async (): Promise<TasksResponse> => ({
    types: s.tasks.types.map((t) => ({ type: t.type, count: t.count, histogram: t.histogram })),
  }));

  app.get<{ Querystring: TaskQuery }>(
    '/api/task',
    { schema: querySchema({ id: UINT, type: null, complete: FLAG, latmin: null, latmax: null, logtext: null }) },
    async (req): Promise<TaskListResponse> => {
      const q = req.query;
      if (q.id !== undefined) {
        const t = s.tasks.get(Number(q.id));
        if (t === undefined) throw new NotFound(`no task ${q.id} in the trace`);
        return { tasks: [taskJson(t)] };
      }
      const tasks = userTaskPage(s.tasks, {
        type: q.type,
        complete: isTrue(q.complete) ? true : undefined,
        latMin: durationParam('latmin', q.latmin),
        latMax: durationParam('latmax', q.latmax),
        logText: q.logtext,
      });
      return { tasks: tasks.map(taskJson) };
    },
  );

  // The region types' statistics walk every region (55K in one goroutine of the 210 MB trace):
  // computed once per session.
  app.get('/api/regions', async (): Promise<RegionsResponse> => ({
    types: s.once('regions', () => userRegions(s.store, s.summaries, s.span)).map((r) => ({
      type: r.type,
      count: r.count,
      func: r.func,
      file: r.file,
      line: r.line,
      pc: r.pc,
      histogram: r.histogram,
    })),
  }));

  app.get<{ Querystring: RegionQuery }>(
    '/api/region',
    { schema: querySchema({ type: null, pc: HEX, latmin: null, latmax: null, sortby: null }) },
    async (req): Promise<RegionListResponse> => {
      const q = req.query;
      const filter = { type: q.type, pc: pcParam(q.pc), latMin: durationParam('latmin', q.latmin), latMax: durationParam('latmax', q.latmax) };
      const page = userRegionPage(s.store, filter, q.sortby ?? '', s.summaries, s.span);
      return {
        columns: page.columns,
        rangeColumns: page.rangeColumns,
        regions: page.regions.map((r) => {
          const i = regionInterval(s.span, r.region);
          return {
            goroutine: r.goroutine,
            type: r.region.name,
            startNs: i.start - s.origin,
            endNs: i.end - s.origin,
            durationNs: r.duration,
            columns: Object.fromEntries(r.stats),
            ranges: r.region.stats.rangeTime.toObject(),
          };
        }),
      };
    },
  );
}
