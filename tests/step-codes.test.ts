// The counters' step codes at four bits an event (analysis/timeline/step-codes.ts): every code
// reads back as set, the common ones in their nibble, the rest through the escape list, and a
// step set again replaces the first.

import { describe, expect, it } from 'vitest';
import { StepCodes } from '../analysis/timeline/step-codes.js';

describe('step codes', () => {
  it('reads back every code 0..30 at odd and even events, escaped or not', () => {
    const codes: number[] = [];
    for (let k = 0; k < 200; k++) codes.push(k % 3 === 0 ? 0 : (k * 7) % 31);
    const s = StepCodes.of(codes);
    expect(Array.from({ length: codes.length }, (_, e) => s.at(e))).toEqual(codes);
    // Escaped: the codes with no nibble (fourteen have one, plus 0).
    const escaped = codes.filter((c) => c !== 0 && ![2, 6, 8, 9, 10, 11, 16, 17, 21, 26, 27, 28, 29, 30].includes(c)).length;
    expect(s.escEv.length).toBe(escaped);
    expect(s.bytes).toBe(100 + 5 * escaped);
  });

  it('replaces a step set again, in its nibble or in the escape list', () => {
    const s = new StepCodes(5);
    s.set(1, 2);
    s.set(1, 26);
    s.set(2, 3);
    s.set(2, 4);
    s.set(3, 5);
    s.set(3, 8);
    s.set(4, 8);
    s.set(4, 12);
    s.done();
    expect([0, 1, 2, 3, 4].map((e) => s.at(e))).toEqual([0, 26, 4, 8, 12]);
    // Event 3's escape stays listed but its nibble no longer points there.
    expect([...s.escEv]).toEqual([2, 3, 4]);
  });

  it('reads the same after a structured clone', () => {
    const codes = Array.from({ length: 99 }, (_, e) => (e * 5) % 31);
    const again = StepCodes.revive(structuredClone(StepCodes.of(codes)));
    expect(Array.from({ length: codes.length }, (_, e) => again.at(e))).toEqual(codes);
  });
});
