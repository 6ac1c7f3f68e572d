// The profile kinds: one table that the CLI's -pprof flag, the server's routes and schemas, the
// downloads and every link and tab of the viewer derive from. A kind's analysis (what it counts)
// is analysis/profile-analyses.ts, keyed by the same ids. Like cmd/trace's pprof.go, where each
// profile is one computePprofX plus one line in main.go.

/** One profile kind as the outside world sees it. */
export interface ProfileKindSpec {
  /** The -pprof=TYPE name and /api/profile's kind. */
  id: string;
  /** The page's heading, as go tool trace's index names it. */
  title: string;
  /** A short label for tabs and link lists ("network wait"). */
  label: string;
  /** go tool trace's page of the whole trace or a goroutine group (?name=); ?raw=1 downloads. */
  page: string;
  /** go tool trace's page of the same profile scoped to user regions (?type=&pc=&latmin=&latmax=). */
  regionPage: string;
  /** The file name go tool trace's download links give. */
  download: string;
  /** The profile's sample types, in value order: [events counted, time]. */
  sampleTypes: readonly [{ type: string; unit: string }, { type: string; unit: string }];
  /** What a sample's time means, for the viewer's totals ("delay", "CPU time"). */
  timeLabel: string;
  /** What a sample's count means ("contentions", "samples"). */
  countLabel: string;
  /** The profile's period (default: trace/count, period 1, as go tool trace writes). */
  period?: { type: string; unit: string; value: number };
  /** prof-trace's own kind: go tool trace has no such profile (so no golden to compare with). */
  own?: true;
  /**
   * What the viewer calls a sample without a stack (the download keeps it as it is) until its
   * origins (/api/profile/empty-stack) name it by cause. In the scheduler-latency profile it is
   * mostly goroutines woken by the runtime (timers, the network poller, the scheduler), never a
   * first run: a goroutine's wait before its first run lies outside the time the profile counts.
   */
  emptyStackLabel?: string;
}

const BLOCKING_SAMPLES = [
  { type: 'contentions', unit: 'count' },
  { type: 'delay', unit: 'nanoseconds' },
] as const;

const BUILTIN = [
  {
    id: 'net',
    title: 'Network blocking profile',
    label: 'network wait',
    page: '/io',
    regionPage: '/regionio',
    download: 'io.profile',
    sampleTypes: BLOCKING_SAMPLES,
    timeLabel: 'delay',
    countLabel: 'contentions',
  },
  {
    id: 'sync',
    title: 'Synchronization blocking profile',
    label: 'sync block',
    page: '/block',
    regionPage: '/regionblock',
    download: 'block.profile',
    sampleTypes: BLOCKING_SAMPLES,
    timeLabel: 'delay',
    countLabel: 'contentions',
  },
  {
    id: 'syscall',
    title: 'Syscall profile',
    label: 'syscall',
    page: '/syscall',
    regionPage: '/regionsyscall',
    download: 'syscall.profile',
    sampleTypes: BLOCKING_SAMPLES,
    timeLabel: 'delay',
    countLabel: 'contentions',
    emptyStackLabel: '(no stack)',
  },
  {
    id: 'sched',
    title: 'Scheduler latency profile',
    label: 'scheduler wait',
    page: '/sched',
    regionPage: '/regionsched',
    download: 'sched.profile',
    sampleTypes: BLOCKING_SAMPLES,
    timeLabel: 'delay',
    countLabel: 'contentions',
    emptyStackLabel: '(no stack)',
  },
  {
    // The CPU profiler's samples in the trace (StackSample events), at its default 100 Hz.
    id: 'cpu',
    title: 'CPU profile',
    label: 'CPU samples',
    page: '/cpu',
    regionPage: '/regioncpu',
    download: 'cpu.profile',
    sampleTypes: [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ],
    timeLabel: 'CPU time',
    countLabel: 'samples',
    period: { type: 'cpu', unit: 'nanoseconds', value: 10_000_000 },
    own: true,
  },
] as const satisfies readonly ProfileKindSpec[];

/** A profile kind's id. */
export type PprofKind = (typeof BUILTIN)[number]['id'];

/**
 * Every profile kind, in the order pages list them. Read it when needed rather than copying it
 * at load time: everything derived from it (flags, routes, links) follows its entries.
 */
export const PROFILE_KINDS: ProfileKindSpec[] = [...BUILTIN];

/** The kinds go tool trace also makes (whose goldens are its output). */
export function goToolTraceKinds(): ProfileKindSpec[] {
  return PROFILE_KINDS.filter((k) => !k.own);
}

/** The kind with that id (undefined if none). */
export function profileKind(id: string): ProfileKindSpec | undefined {
  return PROFILE_KINDS.find((k) => k.id === id);
}

/** The kind whose page or region page is this path, and which of the two (undefined if none). */
export function profilePage(path: string): { kind: ProfileKindSpec; region: boolean } | undefined {
  for (const kind of PROFILE_KINDS) {
    if (kind.page === path) return { kind, region: false };
    if (kind.regionPage === path) return { kind, region: true };
  }
  return undefined;
}

/** Every profile page path (group and region pages). */
export function profilePagePaths(): string[] {
  return PROFILE_KINDS.flatMap((k) => [k.page, k.regionPage]);
}

/** A regular expression source matching exactly the kinds' ids (for request schemas). */
export function profileKindPattern(): string {
  return `^(${PROFILE_KINDS.map((k) => k.id.replace(/[^A-Za-z0-9_-]/g, '\\$&')).join('|')})$`;
}
