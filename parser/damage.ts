// Says in one line what went wrong with a damaged or empty trace and how much of it was kept.

import { EventStore, Kind, TYPE_KIND } from './events.js';

/** Go's byteCount formatting (B, KiB, MiB, GiB with one decimal). */
export function byteCount(b: number): string {
  if (b < 1 << 10) return `${b} B`;
  if (b < 1 << 20) return `${(b / (1 << 10)).toFixed(1)} KiB`;
  if (b < 1 << 30) return `${(b / (1 << 20)).toFixed(1)} MiB`;
  return `${(b / (1 << 30)).toFixed(1)} GiB`;
}

/** Whether the store holds an event other than the reader's own sync markers. */
export function hasRealEvents(s: EventStore): boolean {
  // (Stops at the first one: a whole pass over a big trace's types cost the serving thread ~0.2 s.)
  for (const c of s.chunks) for (let i = 0; i < c.n; i++) if (TYPE_KIND[c.typ[i]!] !== Kind.Sync) return true;
  return false;
}

/** null for a sound trace; otherwise a one-line description of the damage. */
export function describeDamage(s: EventStore): string | null {
  if (s.error) {
    const lost = s.totalBytes - s.validBytes;
    const pct = ((lost / s.totalBytes) * 100).toFixed(2);
    const gens = s.generations === 1 ? '1 complete generation' : `${s.generations} complete generations`;
    return `${s.error.message} (trace damaged: kept ${gens}, lost ${pct}% of the data: ${byteCount(lost)} of ${byteCount(s.totalBytes)})`;
  }
  if (!hasRealEvents(s)) return `trace holds no events: ${byteCount(s.totalBytes)}, nothing after the header`;
  return null;
}
