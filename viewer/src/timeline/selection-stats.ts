// Statistics of a selected time range: time per style (state/reason) and span counts over every
// goroutine track, from one low-resolution tile of the range (merged rectangles count for their
// dominant style, so short spans inside a merged pixel are attributed to it).
import { fetchTile } from '../api/client.js';

export interface RangeStats {
  t0: number;
  t1: number;
  tracks: number;
  byStyle: { style: number; ns: number; spans: number }[];
  totalNs: number;
}

const MAX_TRACKS = 4096;

export async function rangeStats(tracks: string[], t0: number, t1: number, signal: AbortSignal): Promise<RangeStats> {
  const use = tracks.slice(0, MAX_TRACKS);
  const ns = new Map<number, { ns: number; spans: number }>();
  for (let i = 0; i < use.length; i += 512) {
    const tile = await fetchTile(use.slice(i, i + 512), t0, t1, 2000, signal);
    for (const tr of tile.tracks) {
      for (let k = 0; k < tr.n; k++) {
        const a = Math.max(t0, tr.start[k]!);
        const b = Math.min(t1, tr.end[k]!);
        if (b <= a) continue;
        const s = tr.style[k]!;
        let e = ns.get(s);
        if (!e) ns.set(s, (e = { ns: 0, spans: 0 }));
        e.ns += b - a;
        e.spans += tr.count[k]!;
      }
    }
  }
  const byStyle = [...ns.entries()].map(([style, v]) => ({ style, ...v })).sort((a, b) => b.ns - a.ns);
  return { t0, t1, tracks: use.length, byStyle, totalNs: byStyle.reduce((s, x) => s + x.ns, 0) };
}
