// The GC track ("gc": the concurrent mark phases, with the stack that began each) and the
// stop-the-world track ("stw": one style per kind of stop, with the goroutine that stopped the
// world), from the ranges of ranges.ts; each is listed when the trace has any.

import { formatTrackId } from '../../api/track-kinds.js';
import { stackFrames } from '../frames.js';
import type { TimelineRows } from './model.js';
import { STYLE_GC } from './styles.js';
import type { TrackSource } from './track-source.js';
import { SpanTrack } from './track-view.js';

export const gcTracks: TrackSource = {
  view(tl, id) {
    return new SpanTrack(id, tl.ranges.gc.start, tl.ranges.gc.end, STYLE_GC);
  },
  detail(tl, _v, j, _num, out) {
    out.label = tl.styles.styles[out.style]!.label;
    out.stack = stackFrames(tl.store, tl.ranges.gc.stack[j]!);
  },
  list(tl, out) {
    if (tl.ranges.gc.start.length > 0) out.other.push({ track: formatTrackId({ kind: 'gc' }), label: 'GC' });
  },
};

export const stwTracks: TrackSource = {
  view(tl, id) {
    return new SpanTrack(id, tl.ranges.stw.start, tl.ranges.stw.end, stwStyles(tl));
  },
  detail(tl, _v, j, _num, out, name) {
    out.label = tl.styles.styles[out.style]!.label;
    const g = tl.ranges.stw.goroutine[j]!;
    if (g >= 0) out.goroutine = { id: g, name: name(g) };
  },
  list(tl, out) {
    if (tl.ranges.stw.start.length > 0) out.other.push({ track: formatTrackId({ kind: 'stw' }), label: 'Stop-the-world' });
  },
};

function stwStyles(tl: TimelineRows): Uint8Array {
  const kinds = tl.ranges.stw.kind;
  const out = new Uint8Array(kinds.length);
  for (let j = 0; j < kinds.length; j++) {
    const name = tl.store.strings[kinds[j]!] ?? '';
    out[j] = tl.styles.named('stw', name, `Stop-the-world (${name})`);
  }
  return out;
}
