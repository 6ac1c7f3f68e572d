// Goroutine analysis API: groups (/goroutines), one group (/goroutine?name=), one goroutine,
// and the goroutines still alive at the trace's end grouped by where they are stuck (leaks).

import type { FastifyInstance } from 'fastify';
import type { GoroutineDetail, GoroutineGroupResponse, GoroutineGroupsResponse, GoroutineRow, LeaksResponse } from '../../api/types.js';
import { GoState, GO_STATE_NAMES } from '../../parser/events.js';
import { goroutineGroupPage, goroutineGroups, GoroutineRow as PageRow } from '../../analysis/goroutines.js';
import { stackFrames } from '../../analysis/frames.js';
import { GoroutineSummaries, forEachBrief, summarizeGoroutines } from '../../analysis/goroutine-summary.js';
import { TraceSession } from '../session.js';
import { NotFound, UINT, querySchema, windowParam } from './query.js';

const MAX_LEAK_IDS = 1000;

function rowJson(s: TraceSession, r: PageRow): GoroutineRow {
  const g = r.summary;
  return {
    id: g.id,
    name: g.name,
    startNs: g.creationTime > 0 ? g.creationTime - s.origin : null,
    endNs: g.endTime > 0 ? g.endTime - s.origin : null,
    totalNs: g.stats.totalTime,
    columns: Object.fromEntries(r.columns),
    ranges: g.stats.rangeTime.toObject(),
  };
}

/** "exited", "running", "runnable", "waiting", "syscall" (or "unknown"). */
export function stateName(state: number): string {
  if (state === GoState.NotExist) return 'exited';
  return state === GoState.Undetermined ? 'unknown' : GO_STATE_NAMES[state]!.toLowerCase();
}

/**
 * The goroutine analysis of the whole trace, or of a window's time (?window=START,END): the
 * goroutines alive in it, each interval counted for its part inside (computed once per window).
 */
function summariesOf(s: TraceSession, window: string | undefined): GoroutineSummaries {
  const w = windowParam(window);
  if (w === undefined) return s.summaries;
  return s.once(`goroutines:window:${w.start},${w.end}`, () => {
    const sum = summarizeGoroutines(s.store, [], w);
    for (const [id, g] of sum.goroutines) if (g.stats.totalTime === 0) sum.goroutines.delete(id);
    return sum;
  });
}

export function goroutineRoutes(app: FastifyInstance, s: TraceSession): void {
  app.get<{ Querystring: { window?: string } }>('/api/goroutines', { schema: querySchema({ window: null }) }, async (req): Promise<GoroutineGroupsResponse> => {
    const summaries = summariesOf(s, req.query.window);
    let totalExecNs = 0;
    forEachBrief(summaries, (g) => (totalExecNs += g.execTime));
    return { totalExecNs, groups: goroutineGroups(summaries).map((g) => ({ name: g.name, count: g.count, execNs: g.execTime })) };
  });

  app.get<{ Querystring: { name: string; sort?: string; window?: string } }>(
    '/api/goroutines/group',
    { schema: querySchema({ name: null, sort: null, window: null }, ['name']) },
    async (req): Promise<GoroutineGroupResponse> => {
      const summaries = summariesOf(s, req.query.window);
      const page = goroutineGroupPage(summaries, req.query.name, req.query.sort);
      if (page.count === 0) throw new NotFound(`no goroutines with start function ${JSON.stringify(req.query.name)}${req.query.window ? ' in the window' : ''}`);
      let total = 0;
      let exec = 0;
      forEachBrief(summaries, (g) => (total += g.execTime));
      for (const r of page.goroutines) exec += r.summary.stats.execTime;
      return {
        name: page.name,
        count: page.count,
        execNs: exec,
        execShare: total > 0 ? exec / total : 0,
        columns: page.columns,
        rangeColumns: page.rangeColumns,
        goroutines: page.goroutines.map((r) => rowJson(s, r)),
      };
    },
  );

  app.get<{ Querystring: { id: string } }>('/api/goroutine', { schema: querySchema({ id: UINT }, ['id']) }, async (req): Promise<GoroutineDetail> => {
    const id = Number(req.query.id);
    const g = s.summaries.goroutines.get(id);
    if (g === undefined) throw new NotFound(`no goroutine ${req.query.id} in the trace`);
    const row = goroutineGroupPage(s.summaries, g.name).goroutines.find((r) => r.summary.id === id)!;
    const fate = s.fates.get(id);
    const alive = fate !== undefined && fate.state !== GoState.NotExist;
    const blocked = alive && fate.state === GoState.Waiting;
    return {
      ...rowJson(s, row),
      creator:
        fate !== undefined && fate.createdAt >= 0
          ? { goroutine: fate.creator, timeNs: fate.createdAt - s.origin, stack: stackFrames(s.store, fate.createStack) }
          : null,
      startStack: stackFrames(s.store, fate?.startStack ?? 0),
      endState: fate === undefined ? 'unknown' : stateName(fate.state),
      blockedReason: blocked ? s.store.strings[fate.reason]! : '',
      blockedStack: blocked ? stackFrames(s.store, fate.stack) : [],
      blockedSinceNs: blocked ? fate.since - s.origin : null,
    };
  });

  app.get('/api/leaks', async (): Promise<LeaksResponse> => {
    const end = s.facts.lastTime;
    const groups = new Map<string, LeaksResponse['groups'][number]>();
    for (const f of s.fates.values()) {
      if (f.state === GoState.NotExist || f.state === GoState.Undetermined || f.state === GoState.Running) continue;
      const name = s.goroutineName(f.id);
      const reason = f.state === GoState.Waiting ? s.store.strings[f.reason]! || 'waiting' : stateName(f.state);
      const key = `${name}\u0000${reason}\u0000${f.stack}`;
      let grp = groups.get(key);
      if (grp === undefined) {
        grp = { name, reason, stack: stackFrames(s.store, f.stack), count: 0, ids: [], maxBlockedNs: 0 };
        groups.set(key, grp);
      }
      grp.count++;
      if (grp.ids.length < MAX_LEAK_IDS) grp.ids.push(f.id);
      grp.maxBlockedNs = Math.max(grp.maxBlockedNs, end - f.since);
    }
    const list = [...groups.values()].sort((a, b) => b.count - a.count || b.maxBlockedNs - a.maxBlockedNs);
    for (const g of list) g.ids.sort((a, b) => a - b);
    return { endNs: end - s.origin, groups: list };
  });
}
