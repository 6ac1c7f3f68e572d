// The layering: data flows one way (parser -> analysis -> server -> API -> viewer). api/ imports
// nothing of ours; the viewer imports only itself and api/; parser/ imports neither analysis/
// nor server/; analysis/ does not import server/; nothing outside the viewer imports the viewer
// (tests excepted). Every relative import of every source file is checked.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/paths.js';

const LAYERS = ['api', 'parser', 'analysis', 'server', 'viewer', 'bench', 'scripts'] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import (besides itself and packages). */
const ALLOWED: Record<Layer, Layer[]> = {
  api: [],
  parser: ['api'],
  analysis: ['api', 'parser'],
  server: ['api', 'parser', 'analysis'],
  viewer: ['api'],
  bench: ['api', 'parser', 'analysis', 'server'],
  scripts: ['api', 'parser', 'analysis', 'server'],
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

describe('layers', () => {
  it('every relative import goes down the layers', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const layer of LAYERS) {
      const root = join(REPO, layer);
      let files: string[];
      try {
        files = sources(root);
      } catch {
        continue;
      }
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        for (const m of text.matchAll(IMPORT)) {
          const spec = m[1] ?? m[2]!;
          const target = relative(REPO, resolve(dirname(f), spec));
          const to = target.split('/')[0] as Layer;
          checked++;
          // viewer/vite.config.ts is build tooling, read by Node: it may read the api table.
          if (to === layer || ALLOWED[layer].includes(to)) continue;
          bad.push(`${relative(REPO, f)} imports ${target}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(bad).toEqual([]);
  });
});
