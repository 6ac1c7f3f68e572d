// The span under a time on a track (GET /api/timeline/span): its times, style, state and reason,
// and what the track's kind adds (track-kinds.ts): for goroutine, P and thread tracks the
// goroutine, P, thread, stack, unblocker and creator read back from the events; for GC, STW,
// region and task tracks their label and stack or goroutine.

import type { SpanDetail } from '../../api/types.js';
import type { Timeline } from './model.js';
import { trackSource, trackView } from './track-kinds.js';

/** The span of `track` under time t (ns since the trace's first event), or null if none. */
export function spanDetail(tl: Timeline, track: string, t: number, name: (id: number) => string = () => ''): SpanDetail | null {
  const s = trackSource(track);
  const v = s === null ? null : trackView(tl, track);
  if (s === null || v === null) return null;
  const origin = tl.firstTime;
  const T = origin + t;
  const j = v.rowAt(T);
  if (j < v.lo) return null;
  const style = v.style(j);
  if (style === 0 || !(v.end(j) > T)) return null;
  const info = tl.styles.styles[style]!;
  const out: SpanDetail = {
    track,
    startNs: v.start(j) - origin,
    endNs: v.end(j) - origin,
    style,
    state: info.state,
    reason: info.reason,
    goroutine: null,
    proc: null,
    thread: null,
    stack: [],
    endedBy: null,
    createdBy: null,
  };
  s.source.detail(tl, v, j, s.num, out, name);
  return out;
}
