// A distribution of durations as the viewer shows it: go tool trace's log-scale buckets (five per
// power of ten), every bucket from the lowest to the highest non-empty one, and nearest-rank
// percentiles. Computed in the browser from the rows a page already has. No DOM: tested in Node.

const LOG_DIV = Math.log(Math.pow(10, 1 / 5));

export interface DistBucket {
  bucket: number;
  minNs: number;
  maxNs: number;
  count: number;
}

export interface Distribution {
  count: number;
  buckets: DistBucket[];
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  maxNs: number;
  /** The bucket a duration falls in (as go tool trace's histograms bucket it). */
  bucketOf(d: number): number;
}

/** A bucket selected in a page's distributions: the page shows only the rows in it. */
export interface Selection {
  metric: string;
  bucket: number;
  minNs: number;
  maxNs: number;
}

function bucketOf(d: number): number {
  return d > 0 ? Math.trunc(Math.log(d) / LOG_DIV) : 0;
}
function bucketMin(b: number): number {
  return Math.trunc(Math.exp(b * LOG_DIV));
}

/** The distribution of values (ns); null when there are none. */
export function distribution(values: number[]): Distribution | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * n) - 1)]!;
  const counts = new Map<number, number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    const b = bucketOf(v);
    counts.set(b, (counts.get(b) ?? 0) + 1);
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  const buckets: DistBucket[] = [];
  for (let b = lo; b <= hi; b++) buckets.push({ bucket: b, minNs: bucketMin(b), maxNs: bucketMin(b + 1), count: counts.get(b) ?? 0 });
  return { count: n, buckets, p50Ns: rank(0.5), p90Ns: rank(0.9), p99Ns: rank(0.99), maxNs: sorted[n - 1]!, bucketOf };
}
