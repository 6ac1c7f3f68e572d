// The JSON shapes of prof-trace's HTTP API (/api/...): the one contract between server/ and
// viewer/. Times are integer nanoseconds since the trace's first event unless a name says
// otherwise; ids are numbers (Go's uint64 ids stay below 2^53 in practice).

export type { PprofKind } from './profile-kinds.js';
import type { PprofKind } from './profile-kinds.js';
import type { EmptyStackCause } from './empty-stack-causes.js';

/** A stack frame, leaf first in every stack. */
export interface Frame {
  func: string;
  file: string;
  line: number;
  pc: number;
}

/** Every error answer: status 4xx/5xx with this body. */
export interface ApiError {
  error: string;
}

/**
 * GET /api/progress: where loading stands. The server listens at once and parses in the
 * background: "parsing" (bytesDone of bytesTotal read, generationsDone of generationsTotal
 * ordered), then "analyzing" (the goroutine analysis and the timeline model), then "ready":
 * every page answers from complete data. "failed": loading stopped (message says why).
 * A damaged trace still ends "ready": what it lost is in the summary's warnings.
 */
export interface Progress {
  phase: 'parsing' | 'analyzing' | 'ready' | 'failed';
  bytesDone: number;
  bytesTotal: number;
  generationsDone: number;
  /** The generations in the trace (0 while not known yet). */
  generationsTotal: number;
  /** The failure, for phase 'failed'. */
  message?: string;
  /** The overview's numbers over the events read so far (absent before the first generation). */
  soFar?: ProgressSoFar;
  /**
   * While the trace loads: the timeline routes answer from a timeline of the generations read
   * so far, this much of the trace (absent: they answer once the trace is ready).
   */
  timeline?: TimelinePreviewInfo;
}

/** What the timeline shown while a trace loads covers: its first events, from the trace's start. */
export interface TimelinePreviewInfo {
  /** From the first event to the last one it holds. */
  durationNs: number;
  events: number;
}

/** What is known while the trace loads: counts over the generations read so far (they only grow). */
export interface ProgressSoFar {
  goVersion: string;
  /** From the first event read to the last one read so far. */
  durationNs: number;
  events: number;
  procs: number;
  threads: number;
  gcCycles: number;
  stwCount: number;
  stwTotalNs: number;
  userTasks: number;
  userRegions: number;
}

/**
 * The answer of every /api/ route (but /api/progress) while the trace loads: HTTP 503 with a
 * Retry-After header and this body (loading: true); never a number from incomplete data.
 * go tool trace's own data URLs (a profile's ?raw=1, /mmu?mode=…, /jsontrace) wait until the
 * trace is ready instead, and the viewer's pages are served at once (they poll /api/progress).
 * After a failed load the same body comes with status 500, loading: false, phase 'failed'.
 */
export interface LoadingResponse extends ApiError {
  loading: boolean;
  progress: Progress;
}

/** GET /api/summary: the overview page. */
export interface TraceSummary {
  file: string;
  sizeBytes: number;
  /** "go 1.26", "go 1.21", … as the header says. */
  goVersion: string;
  durationNs: number;
  generations: number;
  events: number;
  goroutines: number;
  /** Highest P id + 1 seen. */
  procs: number;
  threads: number;
  gcCycles: number;
  stwCount: number;
  stwTotalNs: number;
  userTasks: number;
  userRegions: number;
  /** What was lost (damaged trace) and anything else the user should know, one line each. */
  warnings: string[];
}

/** GET /api/goroutines: go tool trace's /goroutines table. */
export interface GoroutineGroupsResponse {
  totalExecNs: number;
  /** Largest execution time first. name "" is the group without a start stack. */
  groups: { name: string; count: number; execNs: number }[];
}

/** One goroutine's time breakdown, as go tool trace's /goroutine page shows it. */
export interface GoroutineRow {
  id: number;
  name: string;
  /** Creation (or first sighting) and end (exit; null while alive at the end). */
  startNs: number | null;
  endNs: number | null;
  totalNs: number;
  /** Breakdown columns by go tool trace's exact header ("Execution time", "Block time (chan send)", …). */
  columns: Record<string, number>;
  /** Special ranges ("GC mark assist", …). */
  ranges: Record<string, number>;
}

/** GET /api/goroutines/group?name=…[&sort=column]: one group's page. */
export interface GoroutineGroupResponse {
  name: string;
  count: number;
  execNs: number;
  /** Share of the program's execution time, 0..1. */
  execShare: number;
  /** Column names in go tool trace's order ("Execution time" first). */
  columns: string[];
  rangeColumns: string[];
  goroutines: GoroutineRow[];
}

/** GET /api/goroutine?id=N: one goroutine. */
export interface GoroutineDetail extends GoroutineRow {
  /** Who created it, when, from where (null if created before the trace began). */
  creator: { goroutine: number; timeNs: number; stack: Frame[] } | null;
  /** The stack it started with (its start function first frame). */
  startStack: Frame[];
  /** Its state at the trace's end: "exited", "running", "runnable", "syscall", "waiting". */
  endState: string;
  /** For a goroutine blocked at the end: why and where (the transition's stack). */
  blockedReason: string;
  blockedStack: Frame[];
  blockedSinceNs: number | null;
}

/** GET /api/leaks: goroutines still alive (not running) at the trace's end, grouped. */
export interface LeaksResponse {
  endNs: number;
  /** Largest count first. */
  groups: {
    /** Start function. */
    name: string;
    /** "chan send", "select", "sync.Mutex.Lock", … ("runnable"/"syscall" for those states). */
    reason: string;
    stack: Frame[];
    count: number;
    /** Up to 1000 ids. */
    ids: number[];
    /** Longest time blocked, up to the trace end. */
    maxBlockedNs: number;
  }[];
}

/**
 * GET /api/profile?kind=net|sync|syscall|sched[&name=group] or [&type=region type&pc=hex&latmin=&latmax=] (region scope, as /regionio): the
 * samples of a blocking profile, the same ones `-pprof=KIND` writes. The viewer builds the flame
 * graph and the top table from them. Download: GET /io?raw=1 etc. (go tool trace's URLs).
 */
export interface ProfileResponse {
  kind: PprofKind;
  frames: Frame[];
  /** stack: indices into frames, leaf first; ns: delay; count: contentions. */
  samples: { stack: number[]; count: number; ns: number }[];
  totalNs: number;
  totalCount: number;
  /** Why the profile is empty, when it is for a reason other than nothing having been counted. */
  note?: string;
}

/**
 * GET /api/profile/empty-stack?kind=…& the scope of /api/profile (name, or scope=region with
 * type/pc/latmin/latmax; window): where the profile's sample without a stack comes from, split
 * by cause and by the creation stack of the goroutines concerned. Every split sums to countNs
 * and count, which equal that sample of /api/profile (and of the download). A sampled kind (cpu)
 * answers 400.
 */
export interface EmptyStackOriginsResponse {
  kind: PprofKind;
  /** The stackless sample: delay and intervals (0 when the profile has none). */
  ns: number;
  count: number;
  /** By cause, largest delay first. */
  causes: { cause: EmptyStackCause; label: string; about: string; ns: number; count: number }[];
  /** By the goroutines' creation stack (their GoCreate's), largest delay first. */
  creators: {
    /** Leaf first; empty when created without a stack or before the trace. */
    stack: Frame[];
    /** Created before the trace started (no GoCreate seen). */
    beforeTrace: boolean;
    goroutines: number;
    ns: number;
    count: number;
    /** The same split by cause. */
    causes: { cause: EmptyStackCause; ns: number; count: number }[];
    /** The goroutines' start functions (their group names), largest delay first, at most 5. */
    startFuncs: { name: string; goroutines: number; ns: number }[];
  }[];
}

/** GET /api/tasks: /usertasks. Histogram buckets as analysis/task-histogram's. */
export interface TasksResponse {
  types: { type: string; count: number; histogram: HistogramJson | null }[];
}

/** Durations histogram of /usertasks and /userregions (go tool trace's log-scale buckets, 5 per decade). */
export interface HistogramJson {
  /** Number of durations. */
  count: number;
  /** From the lowest to the highest non-empty bucket (empty ones between included): [minNs, maxNs). */
  buckets: { count: number; minNs: number; maxNs: number; /** minNs as Go prints it ("251.188µs") */ min: string }[];
  /** The final tick: the minimum of the bucket after the last. */
  finalMinNs: number;
  finalMin: string;
}

/** GET /api/task?type=…[&complete=1][&latmin=Go duration][&latmax=…][&logtext=…] or ?id=N: /usertask (go tool trace's parameters). */
export interface TaskListResponse {
  tasks: {
    id: number;
    type: string;
    parent: number;
    children: number[];
    complete: boolean;
    startNs: number;
    endNs: number;
    durationNs: number;
    goroutines: number[];
    events: { whenNs: number; elapsedNs: number; goroutine: number; what: string; log?: { category: string; message: string } }[];
  }[];
}

/** GET /api/regions: /userregions. */
export interface RegionsResponse {
  types: { type: string; count: number; func: string; file: string; line: number; pc: number; histogram: HistogramJson | null }[];
}

/** GET /api/region?type=…&pc=hex[&latmin=Go duration][&latmax=…][&sortby=column]: /userregion (go tool trace's parameters). */
export interface RegionListResponse {
  columns: string[];
  rangeColumns: string[];
  regions: {
    goroutine: number;
    type: string;
    startNs: number;
    endNs: number;
    durationNs: number;
    columns: Record<string, number>;
    ranges: Record<string, number>;
  }[];
}

/** GET /api/mmu?flags=perProc|sweep|mut|… (go tool trace's /mmu flags, '|'-separated: stw, background, assist, sweep, perProc, mut). */
export interface MmuResponse {
  /** [windowNs, mmu] or with mut [windowNs, mmu, q1, q2, q3] — go tool trace's plot JSON. */
  curve: number[][];
  quantiles: number[] | null;
  xMinNs: number;
  xMaxNs: number;
}

/** GET /api/mmu/worst?flags=…&windowNs=N: the worst windows of that size. */
export interface MmuWorstResponse {
  windows: { startNs: number; endNs: number; utilization: number }[];
}

/** GET /api/timeline/tracks: everything the timeline can draw, and the style legend. */
export interface TimelineTracks {
  durationNs: number;
  /** Track ids for /api/timeline (api/track-kinds.ts): "p<id>" per P, "m<id>" per thread, "g<id>" per goroutine, "gc", "stw", "tasks", "r<goid>" regions of a goroutine. */
  procs: { id: number; track: string }[];
  threads: { id: number; track: string }[];
  goroutines: {
    id: number;
    track: string;
    /** Start function ("" if unknown). */
    name: string;
    firstNs: number;
    lastNs: number;
    /** State at the trace's end: "exited", "running", "runnable", "waiting", "syscall". */
    endState: string;
    /** Has user regions (a "r<id>" track). */
    regions: boolean;
  }[];
  /** Other tracks: "gc", "stw", "tasks". */
  other: { track: string; label: string }[];
  /** Style codes of the tile format: index = code. */
  styles: { code: number; state: string; reason: string; label: string }[];
  counters: { name: string; unit: string }[];
}

/** GET /api/timeline/counters?t0=&t1=&width=: counter series, at most 2 points per pixel (min and max kept). */
export interface CountersResponse {
  series: {
    name: string;
    unit: string;
    t: number[];
    /** The values as doubles, to plot: a uint64 past 2^53 (a heap goal near 2^63 with GOGC=off) is rounded. */
    v: number[];
    /** Series read from the trace's uint64 metrics (heap, heap goal, GOMAXPROCS): each point's exact decimal value. */
    exact?: string[];
  }[];
}

/** GET /api/timeline/span?track=…&t=…: the span under a time on a track (404 if none). */
export interface SpanDetail {
  track: string;
  startNs: number;
  endNs: number;
  style: number;
  state: string;
  reason: string;
  goroutine: { id: number; name: string } | null;
  proc: number | null;
  thread: number | null;
  /** Stack of the event that began the span (where it blocked, for a waiting span). */
  stack: Frame[];
  /** The event that ended the span when another goroutine made it (the unblocker). */
  endedBy: { goroutine: number; timeNs: number; stack: Frame[] } | null;
  /** The goroutine's creation. */
  createdBy: { goroutine: number; timeNs: number; stack: Frame[] } | null;
  /** Task/region spans: their name and id. */
  label?: string;
}

/**
 * GET /api/source?file=PATH: the text of a source file that the trace's stacks name (PATH exactly
 * as a frame's file; any other PATH is 404), for the profile pages' Source view. Found as pprof
 * finds sources (-source_path, -trim_path, installed Go toolchains for Go's own files); a file
 * not on this machine is a 200 answer with path null and a note saying where it was looked for.
 */
export interface SourceResponse {
  file: string;
  /** Where it was read on this machine (null: not found). */
  path: string | null;
  /** The file's lines, line 1 first (absent when not read). */
  lines?: string[];
  note?: string;
}

/**
 * GET /api/compare: whether this server compares two traces (`prof-trace -diff_base=BASE FILE`).
 * When it does, every API route also answers for BASE under the /base prefix
 * (/base/api/summary, /base/api/profile, …), and /api/compare/goroutines pairs the groups.
 */
export interface CompareInfo {
  base: { file: string; sizeBytes: number; goVersion: string } | null;
}

/** One side of a goroutine group in a comparison (all zero when that trace has no such group). */
export interface GroupSide {
  count: number;
  execNs: number;
  /** Time per breakdown column of go tool trace's group page ("Block time (chan send)", …), summed over the group. */
  columns: Record<string, number>;
}

/** GET /api/compare/goroutines: the goroutine groups of FILE and BASE side by side, by start function. */
export interface GroupsCompareResponse {
  /** Every column either trace has, in go tool trace's order. */
  columns: string[];
  /** Groups of either trace, the largest |execution-time delta| first. */
  groups: { name: string; file: GroupSide; base: GroupSide }[];
  totals: { file: GroupSide; base: GroupSide };
}
