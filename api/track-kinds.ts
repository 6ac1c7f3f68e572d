// The kinds of timeline tracks, as one table, and the grammar of their ids: "p3" (P 3), "m12"
// (thread 12), "g42" (goroutine 42), "r42" (goroutine 42's user regions), "gc", "stw", "tasks".
// The server's URL schemas (routes/timeline.ts) are generated from it, the analysis finds each
// kind's views, span details and listing by its name (analysis/timeline/track-kinds.ts), and the
// viewer reads what a rectangle's arg names from it. No Node APIs.

export interface TrackKindSpec {
  /** The kind's name: the key of its analysis (analysis/timeline/track-kinds.ts). */
  readonly name: string;
  /**
   * The ids' prefix (lower-case letters). A numbered kind has one track per number ("p3"); any
   * other has one track whose id is the prefix ("gc").
   */
  readonly prefix: string;
  readonly numbered: boolean;
  /** What a rectangle's arg names, drawn with it ("G<arg>", "task <arg>"); null: nothing drawn. */
  readonly arg: 'goroutine' | 'task' | null;
}

export const TRACK_KINDS = [
  { name: 'proc', prefix: 'p', numbered: true, arg: 'goroutine' },
  { name: 'thread', prefix: 'm', numbered: true, arg: 'goroutine' },
  { name: 'goroutine', prefix: 'g', numbered: true, arg: null },
  // A region track's arg is the region's task id; it is not drawn.
  { name: 'region', prefix: 'r', numbered: true, arg: null },
  { name: 'gc', prefix: 'gc', numbered: false, arg: null },
  { name: 'stw', prefix: 'stw', numbered: false, arg: null },
  { name: 'tasks', prefix: 'tasks', numbered: false, arg: 'task' },
] as const satisfies readonly TrackKindSpec[];

export type TrackKind = (typeof TRACK_KINDS)[number]['name'];

/** A parsed track id: its kind and, for a numbered kind, the number (P, thread or goroutine id). */
export interface TrackId<K extends string = TrackKind> {
  kind: K;
  num?: number;
}

/** Digits of a track number: as many as a uint64 has. */
const NUMBER = '[0-9]{1,19}';

interface Grammar {
  /** One id, unanchored, for schemas. */
  pattern: string;
  /** Anchored, with the numbered prefix in group 1, the number in group 2, an unnumbered id in group 3. */
  re: RegExp;
  numbered: Map<string, TrackKindSpec>;
  fixed: Map<string, TrackKindSpec>;
  byName: Map<string, TrackKindSpec>;
}

const grammars = new WeakMap<readonly TrackKindSpec[], Grammar>();

function grammarOf(kinds: readonly TrackKindSpec[]): Grammar {
  let g = grammars.get(kinds);
  if (g !== undefined) return g;
  const numbered = new Map<string, TrackKindSpec>();
  const fixed = new Map<string, TrackKindSpec>();
  const byName = new Map<string, TrackKindSpec>();
  for (const k of kinds) {
    if (!/^[a-z]+$/.test(k.prefix)) throw new Error(`track kind ${k.name}: prefix ${JSON.stringify(k.prefix)} is not lower-case letters`);
    const same = k.numbered ? numbered : fixed;
    if (same.has(k.prefix) || byName.has(k.name)) throw new Error(`track kind ${k.name}: prefix ${k.prefix} or name taken twice`);
    same.set(k.prefix, k);
    byName.set(k.name, k);
  }
  const alt = (m: Map<string, TrackKindSpec>): string => [...m.keys()].join('|');
  const parts: string[] = [];
  if (numbered.size > 0) parts.push(`(?:${alt(numbered)})${NUMBER}`);
  if (fixed.size > 0) parts.push(alt(fixed));
  const pattern = `(?:${parts.join('|') || '(?!)'})`;
  const re = new RegExp(`^(?:(${alt(numbered) || '(?!)'})(${NUMBER})|(${alt(fixed) || '(?!)'}))$`);
  g = { pattern, re, numbered, fixed, byName };
  grammars.set(kinds, g);
  return g;
}

/** The pattern of one track id (unanchored), for URL schemas. */
export function trackIdPattern(kinds: readonly TrackKindSpec[] = TRACK_KINDS): string {
  return grammarOf(kinds).pattern;
}

/** The pattern of a comma-separated list of track ids (anchored). */
export function trackListPattern(kinds: readonly TrackKindSpec[] = TRACK_KINDS): string {
  const one = trackIdPattern(kinds);
  return `^${one}(?:,${one})*$`;
}

/** The kind and number of a track id, or null if no kind of the table has it. */
export function parseTrackId(id: string): TrackId | null;
export function parseTrackId(id: string, kinds: readonly TrackKindSpec[]): TrackId<string> | null;
export function parseTrackId(id: string, kinds: readonly TrackKindSpec[] = TRACK_KINDS): TrackId<string> | null {
  const g = grammarOf(kinds);
  const m = g.re.exec(id);
  if (m === null) return null;
  if (m[3] !== undefined) return { kind: g.fixed.get(m[3])!.name };
  return { kind: g.numbered.get(m[1]!)!.name, num: Number(m[2]) };
}

/** The id of a track (throws on a kind not in the table, or a number missing or not a whole number >= 0). */
export function formatTrackId(t: TrackId): string;
export function formatTrackId(t: TrackId<string>, kinds: readonly TrackKindSpec[]): string;
export function formatTrackId(t: TrackId<string>, kinds: readonly TrackKindSpec[] = TRACK_KINDS): string {
  const k = grammarOf(kinds).byName.get(t.kind);
  if (k === undefined) throw new Error(`unknown track kind ${JSON.stringify(t.kind)}`);
  if (!k.numbered) return k.prefix;
  const n = t.num;
  if (n === undefined || !Number.isInteger(n) || n < 0) throw new Error(`track kind ${k.name}: bad number ${String(n)}`);
  return `${k.prefix}${n}`;
}

/** The table entry of a track id's kind (undefined if none). */
export function trackKindOf(id: string, kinds: readonly TrackKindSpec[] = TRACK_KINDS): TrackKindSpec | undefined {
  const g = grammarOf(kinds);
  const m = g.re.exec(id);
  if (m === null) return undefined;
  return m[3] !== undefined ? g.fixed.get(m[3]) : g.numbered.get(m[1]!);
}

/** What a rectangle's arg shows on a track of that kind: "G5", "task 3", or "" (no arg, or nothing drawn). */
export function argText(kind: TrackKindSpec | undefined, arg: number): string {
  if (!arg || kind === undefined || kind.arg === null) return '';
  return kind.arg === 'goroutine' ? `G${arg}` : `task ${arg}`;
}
