// The source tree's layers, checked from its import statements: no import cycles anywhere in
// parser/, analysis/, api/, server/, viewer/src, bench/ and tests/support/, and no import from a lower layer to a higher
// one. Data flows one way: parser -> analysis -> server; api is the contract and imports nothing
// of ours (nor Node's modules: the viewer runs it in the browser); the viewer imports only api.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO } from './support/paths.js';

const ROOTS = ['parser', 'analysis', 'api', 'server', 'viewer/src', 'bench', 'tests/support'];

/** What each layer may import of ours (besides itself). */
const ALLOWED: Record<string, string[]> = {
  api: [],
  parser: [],
  analysis: ['parser', 'api'],
  server: ['parser', 'analysis', 'api'],
  'viewer/src': ['api'],
  // Tools over the whole program: the tests' helpers, and the benchmarks and fuzzer (which reuse them).
  'tests/support': ['parser', 'analysis', 'api', 'server'],
  bench: ['parser', 'analysis', 'api', 'server', 'tests/support'],
};

function layerOf(file: string): string | undefined {
  const rel = relative(REPO, file);
  return ROOTS.find((r) => rel === r || rel.startsWith(r + '/'));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a file imports (type-only imports too: they are dependencies of design). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push((m[1] ?? m[2])!);
  return out;
}

/** A relative specifier resolved to a source file of the tree (undefined if none). */
function resolveSpec(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const c of [base.replace(/\.js$/, '.ts'), base, base + '.ts', join(base, 'index.ts')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return undefined;
}

interface Graph {
  files: string[];
  edges: Map<string, string[]>;
  /** Specifiers of our tree that resolve to nothing. */
  unresolved: string[];
  /** Node built-ins imported, per file. */
  builtins: Map<string, string[]>;
}

function graph(): Graph {
  const files = ROOTS.flatMap((r) => sourceFiles(join(REPO, r)));
  const edges = new Map<string, string[]>();
  const builtins = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const f of files) {
    const deps: string[] = [];
    const nodes: string[] = [];
    for (const spec of importsOf(readFileSync(f, 'utf8'))) {
      if (spec.startsWith('.')) {
        const to = resolveSpec(f, spec);
        if (to === undefined) unresolved.push(`${relative(REPO, f)}: ${spec}`);
        else deps.push(to);
      } else if (spec.startsWith('node:')) {
        nodes.push(spec);
      }
    }
    edges.set(f, deps);
    builtins.set(f, nodes);
  }
  return { files, edges, unresolved, builtins };
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(g: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(relative(REPO, w));
      } while (w !== v);
      if (comp.length > 1 || (g.edges.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const f of g.files) if (!idx.has(f)) visit(f);
  return out;
}

describe('layers', () => {
  const g = graph();

  it('reads the whole tree', () => {
    for (const r of ROOTS) expect(g.files.some((f) => layerOf(f) === r), r).toBe(true);
    expect(g.files.length).toBeGreaterThan(150);
    expect(g.unresolved).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles(g)).toEqual([]);
  });

  it('imports only downward: parser -> analysis -> server; api from anyone, importing nothing of ours; the viewer only api', () => {
    const wrong: string[] = [];
    for (const [from, deps] of g.edges) {
      const a = layerOf(from)!;
      for (const to of deps) {
        const b = layerOf(to);
        if (b === a) continue;
        if (b === undefined || !ALLOWED[a]!.includes(b)) wrong.push(`${relative(REPO, from)} -> ${relative(REPO, to)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("api and the viewer use none of Node's modules", () => {
    const wrong: string[] = [];
    for (const [f, mods] of g.builtins) {
      const l = layerOf(f);
      if ((l === 'api' || l === 'viewer/src') && mods.length > 0) wrong.push(`${relative(REPO, f)}: ${mods.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('finds a cycle and a wrong-way import when there is one (the checker itself)', () => {
    const a = join(REPO, 'parser/a.ts');
    const b = join(REPO, 'parser/b.ts');
    const fake: Graph = { files: [a, b], edges: new Map([[a, [b]], [b, [a]]]), unresolved: [], builtins: new Map() };
    expect(cycles(fake)).toEqual([['parser/a.ts', 'parser/b.ts']]);
    expect(importsOf("import { x } from './x.js';\nimport type { Y } from '../y.js';\nexport * from './z.js';\nconst m = await import('./w.js');")).toEqual([
      './x.js',
      '../y.js',
      './z.js',
      './w.js',
    ]);
  });
});
