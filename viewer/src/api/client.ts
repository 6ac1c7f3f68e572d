// Typed client of prof-trace's HTTP API (api/types.ts): JSON routes and binary timeline tiles.
import type {
  CompareInfo, CountersResponse, GoroutineDetail, GroupsCompareResponse, SourceResponse, GoroutineGroupResponse, GoroutineGroupsResponse, LeaksResponse,
  EmptyStackOriginsResponse, MmuResponse, MmuWorstResponse, PprofKind, ProfileResponse, Progress, RegionListResponse, RegionsResponse,
  SpanDetail, TaskListResponse, TasksResponse, TimelineTracks, TraceSummary,
} from '../../../api/types.js';
import { decodeTile, type Tile } from '../../../api/tile-format.js';
import { unpackTracks, type TimelineTracksWire } from '../../../api/tracks-format.js';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Params = Record<string, string | number | boolean | undefined | null>;

export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function fail(r: Response): Promise<never> {
  let msg = `${r.status} ${r.statusText}`;
  try {
    const body = (await r.json()) as { error?: string };
    if (body.error) msg = body.error;
  } catch {
    /* not JSON */
  }
  throw new ApiError(r.status, msg);
}

/**
 * GET a JSON route. While the trace loads, routes answer 503 {loading: true} (api/types.ts
 * LoadingResponse): asked again every half second until they answer for real.
 */
export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  for (;;) {
    const r = await fetch(apiUrl(path, params), { signal });
    if (r.status === 503 && (r.headers.get('content-type') ?? '').startsWith('application/json')) {
      const body = (await r.json().catch(() => null)) as { loading?: boolean; error?: string } | null;
      if (body?.loading === true) {
        await new Promise((res) => setTimeout(res, 500));
        signal?.throwIfAborted();
        continue;
      }
      throw new ApiError(r.status, body?.error ?? `${r.status} ${r.statusText}`);
    }
    if (!r.ok) return fail(r);
    return (await r.json()) as T;
  }
}

export const api = {
  progress: () => getJson<Progress>('/api/progress'),
  summary: () => getJson<TraceSummary>('/api/summary'),
  /** window: START,END (Go durations from the trace start): only that stretch's time. */
  goroutines: (window?: string | null) => getJson<GoroutineGroupsResponse>('/api/goroutines', { window }),
  group: (name: string, window?: string | null) => getJson<GoroutineGroupResponse>('/api/goroutines/group', { name, window }),
  goroutine: (id: number) => getJson<GoroutineDetail>('/api/goroutine', { id }),
  leaks: () => getJson<LeaksResponse>('/api/leaks'),
  profile: (kind: PprofKind, scope: Params) => getJson<ProfileResponse>('/api/profile', { kind, ...scope }),
  /** Where the profile's sample without a stack comes from (same scope as profile). */
  emptyStack: (kind: PprofKind, scope: Params) => getJson<EmptyStackOriginsResponse>('/api/profile/empty-stack', { kind, ...scope }),
  tasks: () => getJson<TasksResponse>('/api/tasks'),
  task: (p: Params) => getJson<TaskListResponse>('/api/task', p),
  regions: () => getJson<RegionsResponse>('/api/regions'),
  region: (p: Params) => getJson<RegionListResponse>('/api/region', p),
  mmu: (flags: string) => getJson<MmuResponse>('/api/mmu', { flags }),
  mmuWorst: (flags: string, windowNs: number) => getJson<MmuWorstResponse>('/api/mmu/worst', { flags, windowNs }),
  tracks: async (): Promise<TimelineTracks> => unpackTracks(await getJson<TimelineTracksWire>('/api/timeline/tracks')),
  counters: (t0: number, t1: number, width: number, signal?: AbortSignal) =>
    getJson<CountersResponse>('/api/timeline/counters', { t0: Math.floor(t0), t1: Math.ceil(t1), width }, signal),
  span: (track: string, t: number) => getJson<SpanDetail>('/api/timeline/span', { track, t: Math.round(t) }),
  compare: () => getJson<CompareInfo>('/api/compare'),
  groupsCompare: () => getJson<GroupsCompareResponse>('/api/compare/goroutines'),
  /** A source file the stacks name (base: the base trace's). */
  source: (file: string, base = false) => getJson<SourceResponse>(`${base ? '/base' : ''}/api/source`, { file }),
};

/** The base trace's answers (prof-trace -diff_base=BASE): the same routes under /base. */
export const baseApi = {
  summary: () => getJson<TraceSummary>('/base/api/summary'),
  goroutines: () => getJson<GoroutineGroupsResponse>('/base/api/goroutines'),
  profile: (kind: PprofKind, scope: Params) => getJson<ProfileResponse>('/base/api/profile', { kind, ...scope }),
};

let compareInfo: Promise<CompareInfo> | null = null;
/** Whether the server compares two traces (asked once; a failure reads as no base). */
export function comparing(): Promise<CompareInfo> {
  compareInfo ??= api.compare().catch(() => ({ base: null }));
  return compareInfo;
}

/** One binary tile: rectangles of `tracks` over [t0, t1] at `width` pixels. */
export async function fetchTile(tracks: string[], t0: number, t1: number, width: number, signal?: AbortSignal): Promise<Tile> {
  const url = apiUrl('/api/timeline', { tracks: tracks.join(','), t0: Math.floor(t0), t1: Math.ceil(t1), width });
  const r = await fetch(url, { signal });
  if (!r.ok) return fail(r);
  return decodeTile(await r.arrayBuffer());
}
