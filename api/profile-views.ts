// The views of every profile page (the kinds of api/profile-kinds.ts, whole trace, group or
// region scope) and their URL parameters, named as pprof's web UI names them so a link reads
// the same: view=top|graph|flame|peek|source, f (focus), i (ignore), h (hide), s (show) —
// regular expressions on function and file names — and si (sample index: a sample type's name).

export const PROFILE_VIEWS = [
  { id: 'flame', label: 'Flame Graph' },
  { id: 'top', label: 'Top' },
  { id: 'graph', label: 'Graph' },
  { id: 'peek', label: 'Peek' },
  { id: 'source', label: 'Source' },
] as const;

export type ProfileViewId = (typeof PROFILE_VIEWS)[number]['id'];

/** The view a page shows without view= (the flame graph with the Top table under it). */
export const DEFAULT_PROFILE_VIEW: ProfileViewId = 'flame';

/** Parameters that choose how a profile is shown (the others of a profile page's URL choose which profile). */
export const VIEW_PARAMS = ['view', 'f', 'i', 'h', 's', 'si'] as const;
export type ViewParam = (typeof VIEW_PARAMS)[number];

export function profileViewId(v: string | null | undefined): ProfileViewId {
  return PROFILE_VIEWS.find((x) => x.id === v)?.id ?? DEFAULT_PROFILE_VIEW;
}
