// What the tooltip over a counter row says: each of the row's series at the time under the
// pointer, its value exactly as the trace holds it (the API's `exact` decimal for the uint64
// metrics: a heap goal near 2^63 is past what the plotted double holds), bytes also in units.
import type { CountersResponse } from '../../../api/types.js';
import { bytes } from '../lib/format.js';

export interface CounterValue {
  name: string;
  /** The plotted value (a double). */
  value: number;
  /** The exact integer, in decimal. */
  exact: string;
}

/** Each series of `unit` at time t (ns since the trace's start): the last point at or before t. */
export function counterValuesAt(res: CountersResponse, unit: string, t: number): CounterValue[] {
  const out: CounterValue[] = [];
  for (const s of res.series) {
    if (s.unit !== unit || s.t.length === 0 || s.t[0]! > t) continue;
    let lo = 0;
    let hi = s.t.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (s.t[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const v = s.v[lo]!;
    out.push({ name: s.name, value: v, exact: s.exact?.[lo] ?? (Number.isSafeInteger(v) ? String(v) : v.toString()) });
  }
  return out;
}

/** One line a series: "Heap: goal 7.8 EiB (8946670875746431790 bytes)"; counts as their exact integers. */
export function counterTipText(unit: string, values: CounterValue[]): string {
  return values.map((c) => (unit === 'bytes' ? `${c.name} ${bytes(c.value)} (${c.exact} bytes)` : `${c.name} ${c.exact}`)).join('\n');
}
