// A sync event's wall clock, as go tool trace prints it (time.Unix(int64(sec), int64(nsec)) in
// RFC3339Nano), for any uint64 pair a trace carries: parser/format/rfc3339.ts against what Go 1.26
// printed for the same pairs (tests/data/go-time-vectors.json, written by
// tests/data/gen/go-time/main.go): int64 and uint64 wrap, years far past 9999 and before 0.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRFC3339Nano } from '../parser/format/rfc3339.js';
import { REPO } from './support/paths.js';

const vectors = JSON.parse(readFileSync(join(REPO, 'tests/data/go-time-vectors.json'), 'utf8')) as { sec: string; nsec: string; text: string }[];

describe('sync wall clocks as Go formats them', () => {
  it('has the vectors', () => expect(vectors.length).toBeGreaterThan(600));
  it('every pair formats as Go 1.26 formatted it', () => {
    const wrong = vectors.filter((v) => formatRFC3339Nano(BigInt(v.sec), BigInt(v.nsec), true) !== v.text);
    expect(wrong.slice(0, 5).map((v) => `${v.sec},${v.nsec}: ${formatRFC3339Nano(BigInt(v.sec), BigInt(v.nsec), true)} vs ${v.text}`)).toEqual([]);
  });
  it('small pairs come in as numbers', () => {
    expect(formatRFC3339Nano(1764979200, 775334601, true)).toBe('2025-12-06T00:00:00.775334601Z');
  });
});
