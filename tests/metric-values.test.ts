// The metric values the timeline's counters keep: 4 bytes a value while each fits a u32, doubles
// from the first that does not, every value read back as it was pushed.
import { describe, it, expect } from 'vitest';
import { MetricValues } from '../analysis/timeline/metric-values.js';

describe('MetricValues', () => {
  it('keeps u32s while every value fits', () => {
    const m = new MetricValues(4);
    for (const x of [0, 1, 123456789, 2 ** 32 - 1]) m.push(x);
    expect(m.values).toBeInstanceOf(Uint32Array);
    expect([...m.values]).toEqual([0, 1, 123456789, 2 ** 32 - 1]);
  });

  it('turns to doubles at the first value a u32 cannot hold, keeping those before', () => {
    const xs = [7, 2 ** 32 - 1, 2 ** 32, 5, 2 ** 63, 2 ** 64, 2 ** 53 - 1];
    const m = new MetricValues(xs.length);
    for (const x of xs.slice(0, 2)) m.push(x);
    expect(m.values).toBeInstanceOf(Uint32Array);
    for (const x of xs.slice(2)) m.push(x);
    expect(m.values).toBeInstanceOf(Float64Array);
    expect([...m.values]).toEqual(xs);
  });

  it('gives what was pushed so far, and refuses more than counted', () => {
    const m = new MetricValues(3);
    m.push(9);
    expect([...m.values]).toEqual([9]);
    m.push(10);
    m.push(11);
    expect(() => m.push(12)).toThrow(/more than counted/);
  });
});
