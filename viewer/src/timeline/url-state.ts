// What the timeline page keeps in its URL, read by one function and written by the other, so that
// a reload or a shared link shows the same thing: the window, the selection, the goroutine filter,
// the selected span, the scroll, the focused goroutine, and the options the page was opened with.
// go tool trace's own parameter names are read too (start/end, goid, focustask) and written under
// ours. No DOM: tested in Node.

import type { Window } from './view.js';

export interface TimelineUrlState {
  /** t0, t1 (ns since the trace's start; go tool trace's start, end read too); null: the whole trace. */
  window: Window | null;
  /** sel=t0,t1: the selected range. */
  selection: Window | null;
  /** q: the goroutine filter (layout.ts makeFilter). */
  filter: string;
  /** track, t: the selected span, by its track and a time inside it. */
  span: { track: string; t: number } | null;
  /** y: the vertical scroll, px. */
  scrollY: number;
  /** view: go tool trace's view=thread(s) opens the threads and collapses the procs. */
  view: string | null;
  /** expand=all: every goroutine group starts expanded. */
  expandAll: boolean;
  /** renderer=webgl|canvas: the backend forced (renderer.ts; default: detected). */
  renderer: 'webgl' | 'canvas' | null;
  /** gid (goid read too): the focused goroutine (its group expanded, its row marked and scrolled to). */
  goroutine: number | null;
  /** taskid (focustask read too): go tool trace's task link; without t0 its window is shown and selected. */
  task: string | null;
  /** path=task:ID or path=g:N:t0:t1: the critical path drawn over the rows (viewer/src/lib/critical-path.ts). */
  path: string | null;
}

/** go tool trace's names, read as ours. */
export const URL_ALIASES: Readonly<Record<string, string>> = { start: 't0', end: 't1', goid: 'gid', focustask: 'taskid' };

/** What parseTimelineUrl needs of URLSearchParams. */
export type UrlQuery = Pick<URLSearchParams, 'get' | 'has'>;

function pair(s: string | null): Window | null {
  const v = s?.split(',').map(Number);
  return v && v.length === 2 && v.every(Number.isFinite) ? { t0: v[0]!, t1: v[1]! } : null;
}

export function parseTimelineUrl(q: UrlQuery): TimelineUrlState {
  const has0 = q.has('t0') || q.has('start');
  const t0 = Number(q.get('t0') ?? q.get('start'));
  // A missing t1 reads as 0: clampWindow makes the shortest window at t0 of it.
  const t1 = Number(q.get('t1') ?? q.get('end'));
  const track = q.get('track');
  const at = Number(q.get('t'));
  const renderer = q.get('renderer');
  const gid = Number(q.get('gid') ?? q.get('goid'));
  return {
    window: has0 && Number.isFinite(t0) && Number.isFinite(t1) ? { t0, t1 } : null,
    selection: pair(q.get('sel')),
    filter: q.get('q') ?? '',
    span: track && Number.isFinite(at) ? { track, t: at } : null,
    scrollY: Math.max(0, Number(q.get('y')) || 0),
    view: q.get('view') || null,
    expandAll: q.get('expand') === 'all',
    renderer: renderer === 'webgl' || renderer === 'canvas' ? renderer : null,
    goroutine: Number.isInteger(gid) && gid > 0 ? gid : null,
    task: q.get('taskid') ?? q.get('focustask'),
    path: q.get('path') || null,
  };
}

/** The query string (without "?") of a state; times are written as whole ns. */
export function serializeTimelineUrl(s: TimelineUrlState): string {
  const p = new URLSearchParams();
  if (s.window) {
    p.set('t0', String(Math.round(s.window.t0)));
    p.set('t1', String(Math.round(s.window.t1)));
  }
  if (s.selection) p.set('sel', `${Math.round(s.selection.t0)},${Math.round(s.selection.t1)}`);
  if (s.filter) p.set('q', s.filter);
  if (s.span) {
    p.set('track', s.span.track);
    p.set('t', String(Math.round(s.span.t)));
  }
  if (s.scrollY > 0) p.set('y', String(Math.round(s.scrollY)));
  if (s.view) p.set('view', s.view);
  if (s.expandAll) p.set('expand', 'all');
  if (s.renderer) p.set('renderer', s.renderer);
  if (s.goroutine !== null) p.set('gid', String(s.goroutine));
  if (s.task !== null) p.set('taskid', s.task);
  if (s.path !== null) p.set('path', s.path);
  return p.toString();
}
