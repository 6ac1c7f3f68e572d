// One test per case list saying how many cases the file ran: a corpus, golden set or filter that
// shrinks (or grows) makes it fail with the numbers, instead of quietly checking less.

import { it, expect } from 'vitest';

export function itRunsCases(what: string, got: number, want: number): void {
  it(`runs all ${want} ${what}`, () => {
    expect(got, `${got} ${what} found where ${want} were expected: did the corpus, its goldens or a filter change?`).toBe(want);
  });
}
