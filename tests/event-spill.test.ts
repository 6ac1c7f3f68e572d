// A large trace's events live on disk once parsed (server/event-spill.ts): every chunk's columns
// (its times too, unless packed: Chunk.packTimes, as the server does) are written to a spill file
// and read back on use, a few at a time. Reading them back must give go tool trace's numbers:
// here every chunk of every Go 1.22+ fixture and of a few corpus traces is spilled, with its
// times and with them packed, the cache keeps one chunk (so every switch of chunk reads one
// back), and -d=parsed and the four -pprof profiles are compared with go tool trace's goldens.

import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import type { EventStore } from '../parser/events.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { pprofProfile } from '../analysis/pprof.js';
import { goToolTraceKinds, type PprofKind } from '../api/profile-kinds.js';
import { ColumnCache, EventSpill, spillDir } from '../server/event-spill.js';
import { CORPUS, FIXTURES, isV2, traceCases, type TraceCase } from './support/paths.js';
import { decodeProfile } from './support/pprof.js';

const KINDS = goToolTraceKinds().map((k) => k.id as PprofKind);
let cache: ColumnCache;
beforeAll(() => {
  cache = ColumnCache.install(1);
});

/** The trace parsed, then every chunk's columns on disk and out of memory (its times packed first if `pack`). */
async function spilled(file: string, pack = false): Promise<{ store: EventStore; spill: EventSpill }> {
  const store = parseTrace(readFileSync(file));
  if (pack) for (const c of store.chunks) c.packTimes();
  const spill = EventSpill.create();
  for (const c of store.chunks) spill.put(c);
  await spill.drain();
  expect(spill.failure).toBeNull();
  expect(store.chunks.filter((c) => c.n > 0).every((c) => c.cold && c.spilled !== null)).toBe(true);
  return { store, spill };
}

async function compare(c: TraceCase, pack: boolean): Promise<void> {
  const { store, spill } = await spilled(c.trace, pack);
  // (Packed: every chunk but those whose times take the exact path.)
  if (pack) expect(store.chunks.filter((k) => k.packed !== null).length).toBeGreaterThan(0);
  try {
    const reads = cache.reads;
    const parsed = join(c.golden, 'parsed.txt.gz');
    if (isV2(c.version) && existsSync(parsed)) {
      const parts: string[] = [];
      dumpParsed(store, (s) => parts.push(s));
      const golden = gunzipSync(readFileSync(parsed)).toString('utf8');
      expect(parts.join('') === golden, `${c.label}: -d=parsed`).toBe(true);
    }
    const summaries = summarizeGoroutines(store);
    for (const kind of KINDS) {
      const file = join(c.golden, `${kind}.pprof`);
      if (!existsSync(file)) continue;
      const golden = decodeProfile(readFileSync(file));
      const ours = decodeProfile(pprofProfile(store, kind, {}, summaries));
      expect({ kind, samples: [...ours.samples].sort() }).toEqual({ kind, samples: [...golden.samples].sort() });
    }
    // The events were read back from disk (one chunk held at a time).
    expect(cache.reads - reads).toBeGreaterThanOrEqual(store.chunks.filter((k) => k.n > 0).length);
  } finally {
    spill.close();
  }
}

const complete = (c: TraceCase) => existsSync(join(c.golden, 'sched.pprof')) && readFileSync(join(c.golden, 'sched.pprof')).length > 0;

describe('events read back from disk give go tool trace\'s -d=parsed and -pprof', () => {
  const fixtures = traceCases(FIXTURES, isV2).filter(complete);
  const corpus = traceCases(CORPUS).filter(
    (c) => ['go1.26/multi-generation', 'go1.23/http-load', 'go1.21/annotations', 'go1.19/chan-pipeline'].includes(c.label) && complete(c),
  );
  it('has the traces it names', () => {
    expect(fixtures.length).toBeGreaterThan(30);
    expect(corpus.length).toBeGreaterThanOrEqual(3);
  });
  for (const c of [...corpus, ...fixtures]) it(c.label, () => compare(c, false));
  for (const c of [...corpus, ...fixtures]) it(`${c.label}, times packed`, () => compare(c, true));
});

describe('the spill file', () => {
  it('goes to $PROF_TRACE_SPILL_DIR, else the temporary directory unless it is in memory and /var/tmp is not', () => {
    const TMPFS = 0x01021994;
    const EXT4 = 0xef53;
    const types = (m: Record<string, number>) => (d: string) => {
      if (!(d in m)) throw new Error('ENOENT');
      return m[d]!;
    };
    expect(spillDir({ PROF_TRACE_SPILL_DIR: '/big' }, '/tmp', types({ '/tmp': TMPFS, '/var/tmp': EXT4 }))).toBe('/big');
    expect(spillDir({}, '/tmp', types({ '/tmp': EXT4, '/var/tmp': EXT4 }))).toBe('/tmp');
    expect(spillDir({}, '/tmp', types({ '/tmp': TMPFS, '/var/tmp': EXT4 }))).toBe('/var/tmp');
    // Nowhere better: the temporary directory all the same.
    expect(spillDir({}, '/tmp', types({ '/tmp': TMPFS, '/var/tmp': TMPFS }))).toBe('/tmp');
    expect(spillDir({}, '/tmp', types({ '/tmp': TMPFS }))).toBe('/tmp');
    expect(spillDir({}, '/tmp', types({}))).toBe('/tmp');
  });

  it('is gone from the directory as soon as it is made, and reads back what was written', async () => {
    const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'spill-dir-'));
    const spill = EventSpill.create(dir);
    try {
      expect((await import('node:fs')).readdirSync(dir)).toEqual([]);
    } finally {
      spill.close();
    }
  });

  it('a chunk read back holds the bytes it had', async () => {
    const c0 = traceCases(FIXTURES, isV2)[0]!;
    const fresh = parseTrace(readFileSync(c0.trace));
    const { store, spill } = await spilled(c0.trace);
    try {
      store.chunks.forEach((c, k) => {
        const f = fresh.chunks[k]!;
        expect(Buffer.from(c.typ).equals(Buffer.from(f.typ))).toBe(true);
        expect(Buffer.from(c.args).equals(Buffer.from(f.args))).toBe(true);
        expect([...c.ctx]).toEqual([...f.ctx]);
        expect([...c.argRel]).toEqual([...f.argRel]);
        expect([...c.argBase]).toEqual([...f.argBase]);
      });
    } finally {
      spill.close();
    }
  });

  it('shed() lets go of every chunk read back and of the buffers kept to read into; reads then start afresh', async () => {
    const c0 = traceCases(FIXTURES, isV2).find((c) => parseTrace(readFileSync(c.trace)).chunks.filter((k) => k.n > 0).length >= 3)!;
    const fresh = parseTrace(readFileSync(c0.trace));
    const { store, spill } = await spilled(c0.trace);
    try {
      const chunks = store.chunks.filter((c) => c.n > 0);
      // A cache of one chunk: each read lets the chunk before go and keeps its buffer to read into.
      for (const c of chunks) void c.typ;
      expect(chunks.at(-1)!.cold).toBe(false);
      ColumnCache.shed();
      expect(chunks.every((c) => c.cold)).toBe(true);
      // Nothing kept to read into: the next read takes a new buffer, and reads what was written.
      const reused = cache.reused;
      const k = store.chunks.indexOf(chunks[0]!);
      expect(Buffer.from(chunks[0]!.args).equals(Buffer.from(fresh.chunks[k]!.args))).toBe(true);
      expect(cache.reused).toBe(reused);
      // And the cache goes on as before: the next read lets that chunk go.
      const k1 = store.chunks.indexOf(chunks[1]!);
      expect(Buffer.from(chunks[1]!.args).equals(Buffer.from(fresh.chunks[k1]!.args))).toBe(true);
      expect(chunks[0]!.cold).toBe(true);
    } finally {
      spill.close();
    }
  });
});
