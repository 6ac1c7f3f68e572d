// The per-id row index the timeline's grouped spans and rows share, and (for the timeline's
// imports) the id table, which lives in parser/id-table.ts.

export { IdSlots } from '../parser/id-table.js';

/** Per-key index into rows grouped by key: rows of key k are [offset[k], offset[k] + count[k]). */
export interface SpanIndex {
  /** The keys (goroutine or proc ids), ascending. */
  ids: Float64Array;
  offset: Uint32Array;
  count: Uint32Array;
}
