// A Go 1.22+ text trace as wire bytes, for tests that write traces by hand: each EventBatch's
// size is counted from the events after it, so the text can say size=0.

import { readTextTrace } from './text-reader.js';
import { encodeWireTrace } from './text-to-wire.js';
import type { RawEvent } from '../../../parser/wire/raw-reader.js';

export function wireOf(text: string): Uint8Array {
  const { version, events } = readTextTrace(text);
  const header = encodeWireTrace(version, []).length;
  const len = (e: RawEvent) => encodeWireTrace(version, [e]).length - header;
  let batch: RawEvent | null = null;
  for (const e of events) {
    // (EventBatch is type 1, its size argument the fourth.)
    if (e.type === 1) {
      batch = e;
      batch.args[3] = 0;
    } else if (batch !== null) batch.args[3] = Number(batch.args[3]) + len(e);
  }
  return encodeWireTrace(version, events);
}
