// Reads a byte range of an open file (Node): into a buffer the caller reuses, or a fresh one.

import { readSync } from 'node:fs';

/** Reads [start, end) of a file of size bytes into `into` (null: a fresh buffer); shorter at its end. */
export function readRange(fd: number, size: number, start: number, end: number, into: Uint8Array | null): Uint8Array {
  end = Math.min(end, size);
  const len = Math.max(0, end - start);
  const buf = into === null ? new Uint8Array(len) : into.subarray(0, len);
  let done = 0;
  while (done < len) {
    const n = readSync(fd, buf, done, len - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return done === len ? buf : buf.subarray(0, done);
}
