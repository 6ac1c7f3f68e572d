// The source files a profile's Source view lists: found on this machine the way pprof finds them
// (-source_path search roots, -trim_path prefixes, and its heuristic that cuts a path at the
// name of a search root: /usr/local/go/src/runtime/chan.go is runtime/chan.go under any
// GOROOT/src), with the installed Go toolchains' GOROOT/src as roots so that Go's own sources
// are found whatever machine the trace was made on. Only files that the trace's stacks name are
// ever read (the caller checks), only regular source files, and a file not found is an answer
// that says where it was looked for, not an error.

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { SourceResponse } from '../api/types.js';

export interface SourceOptions {
  /** pprof's -source_path: directories to search (first first). */
  sourcePath: string[];
  /** pprof's -trim_path: prefixes cut from the stacks' paths before searching. */
  trimPath: string[];
  /** Where Go toolchains are installed; default: $GOROOT, /usr/lib/go-1.N, /usr/local/go, /usr/lib/go. */
  goroots?: string[];
}

/** What the Source view will read: Go, assembly and C-family sources. */
const SOURCE_EXT = /\.(go|s|S|c|h|cc|cpp|cxx|hh|hpp|hxx|m|mm)$/;
const MAX_SOURCE_BYTES = 8 << 20;

/** A ':'-separated path list (pprof's -source_path/-trim_path form) as its non-empty parts. */
export function pathList(v: string | undefined): string[] {
  return v === undefined ? [] : v.split(':').filter((p) => p !== '');
}

/** The GOROOT/src directories to search, the trace's Go version's first. */
export function goSourceRoots(goMinor: number, goroots?: string[]): string[] {
  const dirs = goroots ?? [process.env.GOROOT ?? '', `/usr/lib/go-1.${goMinor}`, '/usr/local/go', '/usr/lib/go'];
  const out: string[] = [];
  for (const d of dirs) {
    if (d === '') continue;
    const src = join(d, 'src');
    if (!out.includes(src) && existsSync(join(src, 'runtime'))) out.push(src);
  }
  return out;
}

/**
 * The paths to try for a file named in a stack, in order: the trimmed forms (-trim_path,
 * /proc/self/cwd/), the path itself when absolute, the path cut at a search root's name and put
 * under that root, and each relative form under every root and the roots' parents (pprof's
 * search). Relative forms with ".." are not searched.
 */
export function candidatePaths(file: string, roots: string[], trim: string[]): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    if (!out.includes(p)) out.push(p);
  };
  const relatives: string[] = [];
  for (let t of [...trim, '/proc/self/cwd/./', '/proc/self/cwd/']) {
    if (!t.endsWith('/')) t += '/';
    if (file.startsWith(t)) {
      relatives.push(file.slice(t.length));
      break;
    }
  }
  if (isAbsolute(file)) add(file);
  else relatives.push(file);
  for (const root of roots) {
    const want = `/${basename(root)}/`;
    const at = file.indexOf(want);
    if (at >= 0) {
      const rel = file.slice(at + want.length);
      add(join(root, rel));
      relatives.push(rel);
    }
  }
  for (const rel of relatives) {
    if (rel === '' || isAbsolute(rel) || rel.split('/').includes('..')) continue;
    for (const root of roots) {
      for (let dir = root; ; dir = dirname(dir)) {
        add(join(dir, rel));
        if (dirname(dir) === dir) break;
      }
    }
  }
  return out;
}

export class SourceFiles {
  readonly roots: string[];
  constructor(
    private readonly opts: SourceOptions,
    goMinor: number,
  ) {
    this.roots = [...opts.sourcePath, ...goSourceRoots(goMinor, opts.goroots), process.cwd()];
  }

  /** The text of a file the stacks name (the caller has checked that they do). */
  async read(file: string): Promise<SourceResponse> {
    if (!SOURCE_EXT.test(file)) return { file, path: null, note: `${file} is not a source file prof-trace shows.` };
    for (const p of candidatePaths(file, this.roots, this.opts.trimPath)) {
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      if (st.size > MAX_SOURCE_BYTES) return { file, path: p, note: `${p} is larger than ${MAX_SOURCE_BYTES >> 20} MiB: not shown.` };
      const text = await readFile(p, 'utf8');
      const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      return { file, path: p, lines };
    }
    return {
      file,
      path: null,
      note: `${file} is not on this machine (looked in ${this.roots.join(', ')}; add search roots with -source_path, cut build prefixes with -trim_path).`,
    };
  }
}

/** The file names a trace's stack frames carry. */
export function stackFileNames(strings: readonly string[], frameFile: ArrayLike<number>): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < frameFile.length; i++) {
    const s = strings[frameFile[i]!];
    if (s !== undefined && s !== '') out.add(s);
  }
  return out;
}
