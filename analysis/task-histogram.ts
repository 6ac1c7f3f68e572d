// go tool trace's duration histogram (internal/trace/traceviewer TimeHistogram): five buckets per
// power of ten, bucket b holding durations d with floor(ln d / ln 10^(1/5)) = b. Shared by the
// /usertasks and /userregions summaries.

import { formatDuration } from './go-duration.js';

const LOG_DIV = Math.log(Math.pow(10, 1 / 5));

/** One row of the histogram as the pages show it: [minNs, maxNs) holds count durations. */
export interface HistogramBucket {
  count: number;
  minNs: number;
  /** The next bucket's minimum (the page's latmax link bound). */
  maxNs: number;
  /** minNs as Go's Duration.String() ("251.188µs"). */
  min: string;
}

export interface Histogram {
  /** Number of durations added. */
  count: number;
  /** Buckets from the lowest to the highest non-empty one (empty ones between included). */
  buckets: HistogramBucket[];
  /** The final tick label: the minimum of the bucket after the last. */
  finalMinNs: number;
  finalMin: string;
}

/** The smallest duration of bucket b, truncated to nanoseconds as Go's time.Duration(float) does. */
export function bucketMin(b: number): number {
  return Math.trunc(Math.exp(b * LOG_DIV));
}

/** The bucket a duration falls in (0 for durations <= 0). */
export function bucketOf(d: number): number {
  return d > 0 ? Math.trunc(Math.log(d) / LOG_DIV) : 0;
}

/** Accumulates durations; mirrors Go's Add, including its MinBucket bookkeeping. */
export class TimeHistogram {
  count = 0;
  private counts: number[] = [];
  private minBucket = 0;
  private maxBucket = 0;

  add(d: number): void {
    const b = bucketOf(d);
    while (this.counts.length <= b) this.counts.push(0);
    this.counts[b]!++;
    // Go's condition: the first sample in bucket 0 leaves MaxBucket 0, so the next one resets MinBucket.
    if (b < this.minBucket || this.maxBucket === 0) this.minBucket = b;
    if (b > this.maxBucket) this.maxBucket = b;
    this.count++;
  }

  /** The histogram as the pages render it; null when empty (the page shows nothing). */
  result(): Histogram | null {
    if (this.count === 0) return null;
    const buckets: HistogramBucket[] = [];
    for (let b = this.minBucket; b <= this.maxBucket; b++) {
      const minNs = bucketMin(b);
      buckets.push({ count: this.counts[b] ?? 0, minNs, maxNs: bucketMin(b + 1), min: formatDuration(minNs) });
    }
    const finalMinNs = bucketMin(this.maxBucket + 1);
    return { count: this.count, buckets, finalMinNs, finalMin: formatDuration(finalMinNs) };
  }
}
