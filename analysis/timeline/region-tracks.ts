// User-region tracks ("r<goid>"): a goroutine's regions from the goroutine analysis, flattened
// so that at each instant the innermost open region is drawn (regions nest on a goroutine, and
// a track draws disjoint spans). The server registers them once it has summarizeGoroutines.

import type { GoroutineSummaries } from '../goroutine-summary.js';
import type { Timeline } from './build.js';

export interface RegionTrackData {
  start: Float64Array;
  end: Float64Array;
  style: Uint8Array;
}

/** Adds an "r<id>" track for every goroutine with user regions. */
export function addRegionTracks(tl: Timeline, summaries: GoroutineSummaries): void {
  for (const [id, g] of summaries.goroutines) {
    if (g.regions.length === 0) continue;
    const n = g.regions.length;
    const s = new Float64Array(n);
    const e = new Float64Array(n);
    const code = new Uint8Array(n);
    g.regions.forEach((r, k) => {
      s[k] = r.start?.time ?? tl.firstTime;
      e[k] = r.end?.time ?? tl.lastTime;
      code[k] = tl.styles.named('region', r.name, r.name === '' ? '(inherited region)' : r.name);
    });
    // Boundaries in time order (ends first at a tie), then the innermost open region per stretch.
    const ev = Array.from({ length: 2 * n }, (_, q) => q);
    const at = (q: number): number => (q & 1 ? e[q >> 1]! : s[q >> 1]!);
    ev.sort((a, b) => at(a) - at(b) || (b & 1) - (a & 1) || (a >> 1) - (b >> 1));
    const open: number[] = [];
    const outS: number[] = [];
    const outE: number[] = [];
    const outC: number[] = [];
    for (let q = 0; q < ev.length; ) {
      const t = at(ev[q]!);
      for (; q < ev.length && at(ev[q]!) === t; q++) {
        const k = ev[q]! >> 1;
        if (ev[q]! & 1) {
          const p = open.lastIndexOf(k);
          if (p >= 0) open.splice(p, 1);
        } else open.push(k);
      }
      const last = outS.length - 1;
      if (last >= 0 && outE[last] === Infinity) outE[last] = t;
      if (open.length === 0 || q >= ev.length) continue;
      const c = code[open[open.length - 1]!]!;
      if (last >= 0 && outC[last] === c && outE[last] === t) outE[last] = Infinity;
      else {
        outS.push(t);
        outE.push(Infinity);
        outC.push(c);
      }
    }
    const keep = outS.map((_, k) => k).filter((k) => outE[k]! > outS[k]!);
    tl.regionTracks.set(id, {
      start: Float64Array.from(keep, (k) => outS[k]!),
      end: Float64Array.from(keep, (k) => outE[k]!),
      style: Uint8Array.from(keep, (k) => outC[k]!),
    });
  }
  tl.views.clear();
}
