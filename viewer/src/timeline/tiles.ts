// Tile client and cache: the latest rectangles per track (views into the fetched tile buffers),
// fetched only for the tracks on screen, for the window plus overscan at the canvas' pixel
// resolution. A newer request aborts the one in flight; big track lists go in parallel chunks.
import { MAX_TILE_TRACKS, MAX_TILE_WIDTH, type TileTrack } from '../../../api/tile-format.js';
import type { CountersResponse } from '../../../api/types.js';
import { api, fetchTile } from '../api/client.js';
import type { Window } from './view.js';

export interface TrackData extends TileTrack {
  t0: number;
  t1: number;
  nsPerPx: number;
}

const CHUNK = Math.min(MAX_TILE_TRACKS, 256);

/** The window to fetch for a view: the view plus half of it each side, clamped to the trace. */
export function fetchWindow(w: Window, widthPx: number, duration: number): { t0: number; t1: number; width: number } {
  const span = w.t1 - w.t0;
  const t0 = Math.max(0, w.t0 - span / 2);
  const t1 = Math.min(duration, w.t1 + span / 2);
  const width = Math.max(1, Math.min(MAX_TILE_WIDTH, Math.round(((t1 - t0) / span) * widthPx)));
  return { t0, t1: Math.max(t1, t0 + 1), width };
}

export class TileStore {
  readonly data = new Map<string, TrackData>();
  counters: { t0: number; t1: number; nsPerPx: number; res: CountersResponse } | null = null;
  private inflight: AbortController | null = null;
  private counterCtrl: AbortController | null = null;
  /** Tile requests made and bytes received (for the page's status line and the bench). */
  requests = 0;
  bytes = 0;
  lastError = '';

  constructor(private readonly onUpdate: () => void) {}

  /** True when the track's data covers the view at about the view's resolution. */
  fresh(track: string, w: Window, nsPerPx: number, duration: number): boolean {
    const d = this.data.get(track);
    if (!d) return false;
    const lo = Math.max(0, w.t0);
    const hi = Math.min(duration, w.t1);
    return d.t0 <= lo + 1 && d.t1 >= hi - 1 && d.nsPerPx <= nsPerPx * 1.5 && d.nsPerPx >= nsPerPx / 3;
  }

  /** Fetches `tracks` for the view (those not fresh); the previous request is abandoned. */
  refine(tracks: string[], w: Window, widthPx: number, duration: number): void {
    const nsPerPx = (w.t1 - w.t0) / Math.max(1, widthPx);
    const need = tracks.filter((t) => !this.fresh(t, w, nsPerPx, duration));
    if (!need.length) return;
    this.inflight?.abort();
    const ctrl = new AbortController();
    this.inflight = ctrl;
    const f = fetchWindow(w, widthPx, duration);
    for (let i = 0; i < need.length; i += CHUNK) {
      const chunk = need.slice(i, i + CHUNK);
      this.requests++;
      fetchTile(chunk, f.t0, f.t1, f.width, ctrl.signal).then(
        (tile) => {
          if (ctrl.signal.aborted) return;
          const per = (tile.t1 - tile.t0) / Math.max(1, tile.width);
          tile.tracks.forEach((tt, k) => this.data.set(chunk[k]!, { ...tt, t0: tile.t0, t1: tile.t1, nsPerPx: per }));
          for (const tt of tile.tracks) this.bytes += tt.n * 30;
          this.lastError = '';
          this.onUpdate();
        },
        (e: unknown) => {
          if ((e as Error).name === 'AbortError') return;
          this.lastError = String((e as Error).message ?? e);
          this.onUpdate();
        },
      );
    }
  }

  refineCounters(w: Window, widthPx: number, duration: number): void {
    const nsPerPx = (w.t1 - w.t0) / Math.max(1, widthPx);
    const c = this.counters;
    if (c && c.t0 <= Math.max(0, w.t0) + 1 && c.t1 >= Math.min(duration, w.t1) - 1 && c.nsPerPx <= nsPerPx * 1.5 && c.nsPerPx >= nsPerPx / 3) return;
    this.counterCtrl?.abort();
    const ctrl = new AbortController();
    this.counterCtrl = ctrl;
    const f = fetchWindow(w, widthPx, duration);
    api.counters(f.t0, f.t1, f.width, ctrl.signal).then(
      (res) => {
        if (ctrl.signal.aborted) return;
        this.counters = { t0: f.t0, t1: f.t1, nsPerPx: (f.t1 - f.t0) / f.width, res };
        this.onUpdate();
      },
      (e: unknown) => {
        if ((e as Error).name !== 'AbortError') this.lastError = String((e as Error).message ?? e);
      },
    );
  }

  /** Index of the rectangle of `track` containing t (within slackNs), -1 if none. */
  hit(track: string, t: number, slackNs: number): number {
    const d = this.data.get(track);
    if (!d || !d.n) return -1;
    let lo = 0;
    let hi = d.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (d.start[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    for (const i of [lo, lo + 1, lo - 1]) {
      if (i >= 0 && i < d.n && d.start[i]! - slackNs <= t && t <= d.end[i]! + slackNs) return i;
    }
    return -1;
  }
}
