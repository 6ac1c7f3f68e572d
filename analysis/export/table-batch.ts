// A table's rows on their way to the writer: fixed-capacity typed-array columns, handed to a sink
// whenever they fill up (and at the end), then reused. Builders write straight into the arrays.

import { ColumnDef, TableDef, dictSeeds } from './table-schema.js';

/** Code of a NULL in a dict column. */
export const NULL_CODE = 0xffffffff;

/** The distinct values of a dict column, in order of first appearance after the known ones. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  constructor(known: readonly string[] = []) {
    for (const v of known) this.code(v);
  }
  code(v: string): number {
    let c = this.codes.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.codes.set(v, c);
    }
    return c;
  }
  get size(): number {
    return this.values.length;
  }
}

/** One column's storage. Which array is set depends on the column's kind. */
export interface BatchColumn {
  def: ColumnDef;
  /** i64, i32: values, NaN for NULL. */
  num: Float64Array | null;
  /** u64: two 32-bit words per row (low, high); dict: codes (NULL_CODE for NULL); bool: 0/1. */
  words: Uint32Array | null;
  /** u64: 1 where the row is NULL. */
  nulls: Uint8Array | null;
  dict: Dictionary | null;
  text: (string | null)[] | null;
}

export interface TableSink {
  /** Takes the batch's first `n` rows (synchronously: the batch is reused afterwards). */
  write(batch: TableBatch): void;
}

export class TableBatch {
  n = 0;
  readonly cols: BatchColumn[];
  constructor(
    readonly def: TableDef,
    private readonly sink: TableSink,
    readonly capacity = 16384,
  ) {
    this.cols = def.columns.map((c) => ({
      def: c,
      num: c.kind === 'i64' || c.kind === 'i32' ? new Float64Array(capacity) : null,
      words: c.kind === 'u64' ? new Uint32Array(2 * capacity) : c.kind === 'dict' || c.kind === 'bool' ? new Uint32Array(capacity) : null,
      nulls: c.kind === 'u64' ? new Uint8Array(capacity) : null,
      dict: c.kind === 'dict' ? new Dictionary(dictSeeds(c)) : null,
      text: c.kind === 'text' ? new Array<string | null>(capacity).fill(null) : null,
    }));
  }

  /** Index of the column named name. */
  col(name: string): number {
    const k = this.def.columns.findIndex((c) => c.name === name);
    if (k < 0) throw new Error(`table ${this.def.name} has no column ${name}`);
    return k;
  }
  num(name: string): Float64Array {
    return this.cols[this.col(name)]!.num!;
  }
  words(name: string): Uint32Array {
    return this.cols[this.col(name)]!.words!;
  }
  nulls(name: string): Uint8Array {
    return this.cols[this.col(name)]!.nulls!;
  }
  dict(name: string): Dictionary {
    return this.cols[this.col(name)]!.dict!;
  }
  text(name: string): (string | null)[] {
    return this.cols[this.col(name)]!.text!;
  }

  /** The index of a new row, handing the full batch to the sink first if needed. */
  row(): number {
    if (this.n === this.capacity) this.flush();
    return this.n++;
  }

  flush(): void {
    if (this.n === 0) return;
    this.sink.write(this);
    this.n = 0;
  }
}
