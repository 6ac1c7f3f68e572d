// What a profile page shows for its URL's view parameters: the profile (or difference) with
// pprof's filters applied, the sample type chosen by si, the report total percentages are of,
// and what the filtered profile accounts for; or the error a bad parameter gives.
import type { ViewProfile } from './samples.js';
import { reportTotal, sampleIndex, sampleSum } from './samples.js';
import { compileFilters, filterByName, type FilterMatches, type NameFilters } from './filter.js';

export interface ViewState {
  /** The whole profile and the filtered one. */
  all: ViewProfile;
  shown: ViewProfile;
  /** Sample type index and its unit. */
  vi: number;
  unit: string;
  /** pprof's report total (of the unfiltered profile; the base's for a difference). */
  total: number;
  /** Sum of the filtered samples' values, and of all samples'. */
  shownSum: number;
  allSum: number;
  filters: NameFilters;
  matched: FilterMatches;
  filtered: boolean;
}

export function viewState(all: ViewProfile, params: URLSearchParams): { state: ViewState } | { error: string } {
  let vi: number;
  let filters: NameFilters;
  try {
    vi = sampleIndex(all, params.get('si'));
    filters = compileFilters({ f: params.get('f'), i: params.get('i'), h: params.get('h'), s: params.get('s') });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const { profile, matched } = filterByName(all, filters);
  const filtered = profile !== all;
  return {
    state: {
      all,
      shown: profile,
      vi,
      unit: all.sampleTypes[vi]!.unit,
      total: reportTotal(all, vi),
      shownSum: sampleSum(profile, vi),
      allSum: sampleSum(all, vi),
      filters,
      matched,
      filtered,
    },
  };
}

/** pprof's warnings for filters that matched nothing. */
export function filterWarnings(s: ViewState): string[] {
  const out: string[] = [];
  if (s.filters.focus !== undefined && !s.matched.focus) out.push('Focus expression matched no samples');
  if (s.filters.ignore !== undefined && !s.matched.ignore) out.push('Ignore expression matched no samples');
  if (s.filters.hide !== undefined && !s.matched.hide) out.push('Hide expression matched no samples');
  if (s.filters.show !== undefined && !s.matched.show) out.push('Show expression matched no samples');
  return out;
}
