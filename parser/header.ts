// The trace header, "go 1.N trace\0\0\0": recognizes a Go execution trace and its format version.

import { TraceError } from './errors.js';
import { isValidVersion } from './wire/specs.js';

export interface Header {
  version: number;
  /** Header length in bytes (16 for every version Go still reads). */
  length: number;
}

const PREFIX = 'go 1.';
const SUFFIX = ' trace\0\0\0';

/** Parses the header as Go's version.ReadHeader does, with its error messages. */
export function readHeader(bytes: Uint8Array): Header {
  const bad = () => new TraceError('bad file format: not a Go execution trace?');
  let p = 0;
  for (let i = 0; i < PREFIX.length; i++, p++) if (bytes[p] !== PREFIX.charCodeAt(i)) throw bad();
  let v = 0;
  const digitsStart = p;
  while (p < bytes.length && bytes[p]! >= 0x30 && bytes[p]! <= 0x39 && p - digitsStart < 9) v = v * 10 + (bytes[p++]! - 0x30);
  if (p === digitsStart) throw bad();
  for (let i = 0; i < SUFFIX.length; i++, p++) if (bytes[p] !== SUFFIX.charCodeAt(i)) throw bad();
  if (!isValidVersion(v)) throw new TraceError(`unknown or unsupported trace version go 1.${v}`);
  return { version: v, length: p };
}
