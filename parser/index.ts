// The parser's entry point: bytes in, an EventStore out, whatever the trace's format version.

import { readHeader } from './header.js';
import { isV1Version } from './wire/specs.js';
import { EventStore } from './events.js';
import { readV2, ReadOptions } from './v2/reader.js';
import { readV1 } from './v1/reader.js';

export { TraceError } from './errors.js';
export { EventStore } from './events.js';
export type { ReadOptions } from './v2/reader.js';

/**
 * Parses a whole trace. Throws TraceError when the input is not a trace at all (bad header);
 * damage after the header leaves store.error set and keeps every event read before it.
 */
export function parseTrace(bytes: Uint8Array, opts: ReadOptions = {}): EventStore {
  const h = readHeader(bytes);
  if (isV1Version(h.version)) return readV1(bytes, h.version, opts);
  return readV2(bytes, h.version, opts);
}
