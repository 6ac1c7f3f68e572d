// A comparison of two traces (prof-trace -diff_base=BASE FILE): /api/compare says whether there
// is a base, /api/compare/goroutines pairs the two traces' goroutine groups. The rest of the
// comparison is the base's own API under /base (app.ts) that the viewer reads beside FILE's.

import type { FastifyInstance } from 'fastify';
import type { CompareInfo, GroupsCompareResponse } from '../../api/types.js';
import { compareGroups } from '../../analysis/group-compare.js';
import { TraceSession } from '../session.js';
import { NotFound } from './query.js';

export function compareRoutes(app: FastifyInstance, s: TraceSession, base: TraceSession | undefined): void {
  app.get('/api/compare', async (): Promise<CompareInfo> => ({
    base: base === undefined ? null : { file: base.file, sizeBytes: base.sizeBytes, goVersion: `go 1.${base.store.version}` },
  }));
  app.get('/api/compare/goroutines', async (): Promise<GroupsCompareResponse> => {
    if (base === undefined) throw new NotFound('no base trace to compare with (start prof-trace with -diff_base=BASE.trace)');
    return compareGroups(s.summaries, base.summaries);
  });
}
