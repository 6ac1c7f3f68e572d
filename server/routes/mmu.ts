// Minimum mutator utilization: /api/mmu (curve), /api/mmu/worst (worst windows), and go tool
// trace's own /mmu?mode=plot|details JSON for scripts; plain /mmu is the viewer's page.

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { MmuResponse, MmuWorstResponse } from '../../api/types.js';
import { MMUCurve, mmuDetails, mmuPlot, parseUtilFlags, MMUPlot, type UtilSeries } from '../../analysis/mmu.js';
import { TraceSession } from '../session.js';
import { UINT, querySchema } from './query.js';

const FLAGS = '^[A-Za-z|]{0,200}$';

/** The utilization series of a flag set, computed once, in the analysis worker. */
function utilOf(s: TraceSession, flags: number): Promise<UtilSeries[]> {
  return s.once(`mmuutil:${flags}`, () => s.worker.utilization(flags));
}

async function curveOf(s: TraceSession, flags: number): Promise<MMUCurve> {
  const util = await utilOf(s, flags);
  return s.once(`mmu:${flags}`, () => new MMUCurve(util));
}

async function plotOf(s: TraceSession, param: string): Promise<MMUPlot | null> {
  const { flags, mut } = parseUtilFlags(param);
  const util = await utilOf(s, flags);
  const curve = await curveOf(s, flags);
  return s.once(`mmuplot:${flags}:${mut}`, () => mmuPlot(util, curve, mut));
}

export function mmuRoutes(app: FastifyInstance, s: TraceSession, page: (reply: FastifyReply) => FastifyReply): void {
  app.get<{ Querystring: { flags?: string } }>('/api/mmu', { schema: querySchema({ flags: FLAGS }) }, async (req): Promise<MmuResponse> => {
    const p = await plotOf(s, req.query.flags ?? '');
    if (p === null) return { curve: [], quantiles: null, xMinNs: 0, xMaxNs: 0 };
    return { curve: p.curve, quantiles: p.quantiles, xMinNs: p.xMin, xMaxNs: p.xMax };
  });

  app.get<{ Querystring: { flags?: string; windowNs: string } }>(
    '/api/mmu/worst',
    { schema: querySchema({ flags: FLAGS, windowNs: UINT }, ['windowNs']) },
    async (req): Promise<MmuWorstResponse> => {
      const w = Number(req.query.windowNs);
      const { flags } = parseUtilFlags(req.query.flags ?? '');
      const worst = (await curveOf(s, flags)).examples(w, 10);
      return { windows: worst.map((x) => ({ startNs: x.time - s.origin, endNs: x.time - s.origin + w, utilization: x.mutatorUtil })) };
    },
  );

  app.get<{ Querystring: { mode?: string; flags?: string; window?: string } }>(
    '/mmu',
    { schema: querySchema({ mode: '^(|plot|details)$', flags: FLAGS, window: UINT }) },
    async (req, reply) => {
      const q = req.query;
      if (q.mode === 'plot') return reply.type('application/json').send(JSON.stringify(await plotOf(s, q.flags ?? '')) + '\n');
      if (q.mode === 'details') {
        const w = Number(q.window ?? 'x');
        if (!Number.isFinite(w)) return reply.code(400).send({ error: `failed to parse window parameter ${JSON.stringify(q.window ?? '')}` });
        const { flags } = parseUtilFlags(q.flags ?? '');
        return reply.type('application/json').send(JSON.stringify(mmuDetails((await curveOf(s, flags)).examples(w, 10), w)) + '\n');
      }
      return page(reply);
    },
  );
}
