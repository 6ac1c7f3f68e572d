// For tests that write Go 1.22+ traces by hand: the text as wire bytes (each EventBatch's size
// counted from the events after it, so the text can say size=0), and the metadata batches a
// generation ends with.

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

/**
 * The batches a hand-written Go 1.22+ generation ends with: its clock frequency, its stacks (the
 * text's own lines: `Stack id=N nframes=K` and a tab-indented frame line each) and its strings
 * (ids 1, 2, … in the order given).
 */
export function metadataBatches(freq: number, stacks: string[] = [], strings: string[] = []): string[] {
  const batch = 'EventBatch gen=1 m=18446744073709551615 time=0 size=0';
  return [
    batch,
    `Frequency freq=${freq}`,
    batch,
    'Stacks',
    ...stacks,
    batch,
    'Strings',
    ...strings.flatMap((s, k) => [`String id=${k + 1}`, `\tdata="${s}"`]),
  ];
}
