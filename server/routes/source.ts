// /api/source: the text of a source file the trace's stacks name, for the profile pages' Source
// view. Never a file server: a path that no stack frame of this trace carries is 404 whatever
// it looks like, and the file is looked up only as server/source-files.ts finds sources.

import type { FastifyInstance } from 'fastify';
import type { SourceResponse } from '../../api/types.js';
import { SourceFiles, SourceOptions, stackFileNames } from '../source-files.js';
import { TraceSession } from '../session.js';
import { Lazy } from '../lazy.js';
import { NotFound, querySchema } from './query.js';

export function sourceRoutes(app: FastifyInstance, s: TraceSession, opts: SourceOptions): void {
  const names = new Lazy(() => stackFileNames(s.store.strings, s.store.frameFile));
  const files = new Lazy(() => new SourceFiles(opts, s.store.version));
  app.get<{ Querystring: { file: string } }>('/api/source', { schema: querySchema({ file: null }, ['file']) }, async (req): Promise<SourceResponse> => {
    const file = req.query.file;
    if (!names.value.has(file)) throw new NotFound(`${JSON.stringify(file.slice(0, 200))} is not a file named by this trace's stacks`);
    return files.value.read(file);
  });
}
