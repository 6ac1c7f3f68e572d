// The viewer's pages: one list that the server's page routes and the viewer's router both read.
// A path is a page here or it is absent (the server answers 404, the viewer "not found").
// go tool trace's own page URLs are kept so links and habits keep working; the profile pages
// come from api/profile-kinds.ts.

import { PROFILE_KINDS } from './profile-kinds.js';

/** Which view draws a page (the viewer maps each to its component). */
export type PageView =
  | 'overview'
  | 'timeline'
  | 'goroutines'
  | 'goroutine'
  | 'profile'
  | 'usertasks'
  | 'usertask'
  | 'userregions'
  | 'userregion'
  | 'mmu';

/** The entries of the viewer's top bar; every page belongs to one. */
export type NavSection = 'overview' | 'timeline' | 'goroutines' | 'profiles' | 'tasks' | 'regions' | 'mmu';

export interface PageSpec {
  path: string;
  view: PageView;
  section: NavSection;
  /** Drawn over the whole window below the top bar (no page margins). */
  full?: boolean;
}

/** The top bar: each section's label and the page it opens. */
export const NAV: readonly { section: NavSection; label: string; href: string }[] = [
  { section: 'overview', label: 'Overview', href: '/' },
  { section: 'timeline', label: 'Timeline', href: '/timeline' },
  { section: 'goroutines', label: 'Goroutines', href: '/goroutines' },
  { section: 'profiles', label: 'Profiles', href: '/sched' },
  { section: 'tasks', label: 'Tasks', href: '/usertasks' },
  { section: 'regions', label: 'Regions', href: '/userregions' },
  { section: 'mmu', label: 'MMU', href: '/mmu' },
];

const FIXED: readonly PageSpec[] = [
  { path: '/', view: 'overview', section: 'overview' },
  { path: '/timeline', view: 'timeline', section: 'timeline', full: true },
  // go tool trace's trace viewer page: ours is the timeline.
  { path: '/trace', view: 'timeline', section: 'timeline', full: true },
  { path: '/goroutines', view: 'goroutines', section: 'goroutines' },
  // ?name= a group, ?id= one goroutine.
  { path: '/goroutine', view: 'goroutine', section: 'goroutines' },
  { path: '/usertasks', view: 'usertasks', section: 'tasks' },
  { path: '/usertask', view: 'usertask', section: 'tasks' },
  { path: '/userregions', view: 'userregions', section: 'regions' },
  { path: '/userregion', view: 'userregion', section: 'regions' },
  { path: '/mmu', view: 'mmu', section: 'mmu' },
];

/** Every page, the profile kinds' pages included. */
export function pages(): PageSpec[] {
  const out = [...FIXED];
  for (const k of PROFILE_KINDS) {
    out.push({ path: k.page, view: 'profile', section: 'profiles' });
    out.push({ path: k.regionPage, view: 'profile', section: 'profiles' });
  }
  return out;
}

/** The page at a path (undefined: no such page). */
export function pageAt(path: string): PageSpec | undefined {
  return pages().find((p) => p.path === path);
}
