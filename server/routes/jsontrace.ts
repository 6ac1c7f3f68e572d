// /jsontrace as go tool trace serves it (its trace viewer's data, which tools and links fetch):
// view=proc (default) or thread, goid= (by goroutine), focustask= / taskid= (a task), start= /
// end= (event indices of a split range). The body is streamed as it is generated. Ours beside
// them: t0= and t1= (ns since the trace's start, as the timeline's URL has them) narrow the view to
// a window, with go tool trace's rule for its windows (an event shows if it starts or ends inside).
// /api/jsontrace/ranges lists the ranges go tool trace's index page would link.

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { JsonTraceLink, JsonTraceRangesResponse } from '../../api/jsontrace-format.js';
import { JSONTRACE_VIEWS } from '../../api/jsontrace-format.js';
import { GenOptions, StackFrames, TextSink, generateTrace, relatedGoroutines, taskFirstGoroutine, taskFocus, taskGoroutines, viewerSpan } from '../../analysis/jsontrace/index.js';
import { splitRanges } from '../../analysis/jsontrace/split.js';
import { TraceSession } from '../session.js';
import { BadRequest, NotFound, UINT, querySchema } from './query.js';

const INT = '^-?[0-9]{1,19}$';

interface JsonTraceQuery {
  view?: string;
  goid?: string;
  focustask?: string;
  taskid?: string;
  start?: string;
  end?: string;
  t0?: string;
  t1?: string;
}

/** t0= and t1= (both or neither): the window within the view's own, ns since the trace's start. */
function narrowed(opts: GenOptions, q: JsonTraceQuery): GenOptions {
  const has0 = q.t0 !== undefined && q.t0 !== '';
  const has1 = q.t1 !== undefined && q.t1 !== '';
  if (has0 !== has1) throw new BadRequest('t0= and t1= go together (a window, ns since the trace start)');
  if (!has0) return opts;
  const t0 = Number(q.t0);
  const t1 = Number(q.t1);
  if (t1 < t0) throw new BadRequest('t1= is before t0=');
  return { ...opts, startTime: Math.max(opts.startTime ?? 0, t0), endTime: Math.min(opts.endTime ?? Number.MAX_SAFE_INTEGER, t1) };
}

/** The generation options of a request (go tool trace's JSONTraceHandler), or a 4xx. */
function optionsOf(s: TraceSession, q: JsonTraceQuery): GenOptions {
  const span = viewerSpan(s.store);
  if (span === null) throw new NotFound('nothing to show: the trace has no complete generation of events');
  // The goroutine pass's task table (the same pass as collectTasks'): a task is made into objects when looked up.
  const tasks = () => s.tasks.table;
  const view = q.view === 'thread' ? 'thread' : 'proc';
  if (q.goid !== undefined && q.goid !== '') {
    const goid = Number(q.goid);
    const g = s.summaries.goroutines.get(goid);
    if (g === undefined) throw new NotFound(`no goroutine ${q.goid} in the trace`);
    return {
      view: 'goroutine',
      startTime: g.startTime !== 0 ? g.startTime - span.startTime : 0,
      endTime: (g.endTime !== 0 ? g.endTime : span.endTime) - span.startTime,
      focusGoroutine: goid,
      goroutines: relatedGoroutines(s.store, goid),
    };
  }
  if (q.focustask !== undefined && q.focustask !== '') {
    const t = tasks().get(Number(q.focustask));
    if (t === undefined || (t.begin === null && t.end === null)) throw new NotFound(`no task ${q.focustask} in the trace`);
    const f = taskFocus(tasks(), t, span.startTime, span.endTime);
    return { view, startTime: f.startTime, endTime: f.endTime, tasks: f.tasks };
  }
  if (q.taskid !== undefined && q.taskid !== '') {
    const t = tasks().get(Number(q.taskid));
    if (t === undefined) throw new NotFound(`no task ${q.taskid} in the trace`);
    const f = taskFocus(tasks(), t, span.startTime, span.endTime);
    const goid = taskFirstGoroutine(t);
    if (goid === -1) throw new NotFound(`task ${q.taskid} has no event on a goroutine to show it by`);
    return { view: 'goroutine', startTime: f.startTime, endTime: f.endTime, tasks: f.tasks, focusGoroutine: goid, goroutines: taskGoroutines(f.tasks) };
  }
  if (q.view === 'goroutine') throw new BadRequest('view=goroutine needs goid= (a goroutine) or taskid= (a task)');
  return { view };
}

/** start= and end= (both or neither): indices into traceEvents. */
function indexRange(q: JsonTraceQuery): { start: number; end: number } {
  const hasStart = q.start !== undefined && q.start !== '';
  const hasEnd = q.end !== undefined && q.end !== '';
  if (hasStart !== hasEnd) throw new BadRequest('start= and end= go together (event indices of a range)');
  if (!hasStart) return { start: 0, end: Number.MAX_SAFE_INTEGER };
  return { start: Number(q.start), end: Number(q.end) };
}

/** The body, piece by piece, generated as the client reads it. */
function* bodyOf(s: TraceSession, opts: GenOptions, start: number, end: number): Generator<string> {
  const frames = new StackFrames(s.store);
  const sink = new TextSink(frames, start, end);
  for (const _ of generateTrace(s.store, opts, sink, frames)) yield* sink.take();
  yield* sink.take();
}

export function jsonTraceRoutes(app: FastifyInstance, s: TraceSession): void {
  app.get<{ Querystring: JsonTraceQuery }>(
    '/jsontrace',
    {
      schema: querySchema({
        view: `^(|${JSONTRACE_VIEWS.join('|')})$`,
        goid: UINT,
        focustask: UINT,
        taskid: UINT,
        start: INT,
        end: INT,
        t0: UINT,
        t1: UINT,
      }),
    },
    async (req, reply) => {
      const opts = narrowed(optionsOf(s, req.query), req.query);
      const { start, end } = indexRange(req.query);
      const body = Readable.from(bodyOf(s, opts, start, end), { objectMode: false });
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(body);
    },
  );

  app.get('/api/jsontrace/ranges', async (): Promise<JsonTraceRangesResponse> => {
    if (viewerSpan(s.store) === null) throw new NotFound('nothing to show: the trace has no complete generation of events');
    const ranges = s.once('jsontrace:ranges', () => splitRanges(s.store));
    const links: JsonTraceLink[] = [];
    for (const view of ['proc', 'thread'] as const) {
      if (ranges.length === 0) links.push({ view, range: '', trace: `/trace?view=${view}`, jsontrace: `/jsontrace?view=${view}` });
      for (const r of ranges) {
        const q = `view=${view}&start=${r.start}&end=${r.end}`;
        links.push({ view, range: r.name, trace: `/trace?${q}`, jsontrace: `/jsontrace?${q}` });
      }
    }
    return {
      ranges: ranges.map((r) => ({ name: r.name, start: r.start, end: r.end, startNs: r.startTime, endNs: r.endTime })),
      links,
    };
  });
}
