// Where the pieces of a trace file lie, for the differential fuzzer's mutations: the header,
// each batch (its header and its events) and, for Go 1.22+ traces, each generation. Read on its
// own from the wire format (not through parser/), stopping quietly where the bytes stop making sense.

export interface EventSpan {
  start: number;
  end: number;
  /** Offsets of the event's varint arguments (timestamp delta included), each [start, end). */
  args: [number, number][];
  typ: number;
}

export interface BatchSpan {
  start: number;
  /** End of the batch header (the data starts here). */
  headerEnd: number;
  end: number;
  /** Generation number (Go 1.22+); 0 for old traces and end-of-generation markers. */
  gen: number;
  /** Offset of the size varint in the header ([start, end)), Go 1.22+ event batches only. */
  sizeField: [number, number] | null;
  endOfGeneration: boolean;
  events: EventSpan[];
}

export interface Layout {
  /** N of "go 1.N trace"; 0 if the header is unreadable. */
  version: number;
  old: boolean;
  batches: BatchSpan[];
  /** Generations of a Go 1.22+ trace: [start, end) over whole batches (Go 1.26: up to and with the end marker). */
  generations: { start: number; end: number; gen: number }[];
  /** Where the readable structure stops (the file length for an intact trace). */
  parsedTo: number;
}

export const HEADER_LEN = 16;

/** One varint at pos: [value as a double, end], or null when it runs off the end or over 10 bytes. */
function varint(b: Uint8Array, pos: number): [number, number] | null {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= b.length) return null;
    const x = b[pos + i]!;
    v += (x & 0x7f) * mul;
    mul *= 128;
    if (x < 0x80) return [v, pos + i + 1];
  }
  return null;
}

export function headerVersion(b: Uint8Array): number {
  if (b.length < HEADER_LEN) return 0;
  const m = /^go 1\.(\d+) trace\0*$/.exec(Buffer.from(b.subarray(0, HEADER_LEN)).toString('latin1'));
  return m ? Number(m[1]) : 0;
}

export function layoutOf(b: Uint8Array): Layout {
  const version = headerVersion(b);
  const old = version > 0 && version <= 21;
  const lay: Layout = { version, old, batches: [], generations: [], parsedTo: Math.min(b.length, HEADER_LEN) };
  if (version === 0) return lay;
  if (old) oldLayout(b, lay);
  else newLayout(b, lay);
  return lay;
}

// ---- Go 1.22+ ---------------------------------------------------------------------------

/** Argument counts (timestamp delta included) of the Go 1.22+ timed events, by type. */
const V2_ARGS: Record<number, number> = {
  8: 1, // Frequency
  9: 3, 10: 3, 11: 1, 12: 4, 13: 3, // Procs
  14: 4, 15: 2, 16: 3, 17: 1, 18: 1, 19: 3, 20: 3, 21: 4, 22: 3, 23: 1, 24: 1, 25: 4, // Goroutines
  26: 3, 27: 1, 28: 2, 29: 3, 30: 2, 31: 2, 32: 2, 33: 3, 34: 2, 35: 2, 36: 1, // GC
  37: 2, 38: 2, 39: 2, // metrics, labels
  40: 5, 41: 3, 42: 4, 43: 4, 44: 5, // annotations
  45: 3, 46: 3, 47: 4, 48: 5, // 1.23
  51: 4, // ClockSnapshot (1.25)
  128: 4, 129: 4, 130: 2, 131: 3, 132: 3, 133: 2, 134: 3, 135: 3, 136: 2, // AllocFree experiment
};

function newLayout(b: Uint8Array, lay: Layout): void {
  let pos = HEADER_LEN;
  while (pos < b.length) {
    const start = pos;
    const t = b[pos]!;
    if (t === 52 && lay.version >= 26) {
      lay.batches.push({ start, headerEnd: pos + 1, end: pos + 1, gen: 0, sizeField: null, endOfGeneration: true, events: [] });
      pos++;
      lay.parsedTo = pos;
      continue;
    }
    if (t !== 1 && t !== 49) break;
    let p = pos + 1 + (t === 49 ? 1 : 0);
    const fields: [number, number][] = [];
    let ok = true;
    for (let k = 0; k < 4; k++) {
      const v = varint(b, p);
      if (!v) {
        ok = false;
        break;
      }
      fields.push([p, v[1]]);
      p = v[1];
    }
    if (!ok) break;
    const gen = varint(b, fields[0]![0])![0];
    const size = varint(b, fields[3]![0])![0];
    const end = p + size;
    if (size > 64 << 10 || end > b.length) break;
    const batch: BatchSpan = { start, headerEnd: p, end, gen, sizeField: fields[3]!, endOfGeneration: false, events: [] };
    if (t === 1) splitV2Events(b, p, end, batch.events);
    lay.batches.push(batch);
    pos = end;
    lay.parsedTo = pos;
  }
  // Generations: runs of batches with one gen number, closed by an end marker in Go 1.26.
  let cur: { start: number; end: number; gen: number } | null = null;
  for (const bt of lay.batches) {
    if (bt.endOfGeneration) {
      if (cur) {
        cur.end = bt.end;
        lay.generations.push(cur);
        cur = null;
      }
      continue;
    }
    if (cur && cur.gen !== bt.gen) {
      lay.generations.push(cur);
      cur = null;
    }
    if (!cur) cur = { start: bt.start, end: bt.end, gen: bt.gen };
    cur.end = bt.end;
  }
  if (cur) lay.generations.push(cur);
}

function splitV2Events(b: Uint8Array, pos: number, end: number, out: EventSpan[]): void {
  while (pos < end) {
    const start = pos;
    const typ = b[pos++]!;
    const args: [number, number][] = [];
    const read = (n: number): boolean => {
      for (let k = 0; k < n; k++) {
        const v = varint(b, pos);
        if (!v || v[1] > end) return false;
        args.push([pos, v[1]]);
        pos = v[1];
      }
      return true;
    };
    let ok: boolean;
    if (typ === 2 || typ === 4 || typ === 6 || typ === 50) ok = true; // Stacks, Strings, CPUSamples, Sync
    else if (typ === 3) {
      // Stack: id, nframes, then pc, func, file, line per frame.
      ok = read(2);
      if (ok) ok = read(4 * varint(b, args[1]![0])![0]);
    } else if (typ === 5) {
      // String: id, length, bytes.
      ok = read(2);
      if (ok) {
        pos += varint(b, args[1]![0])![0];
        ok = pos <= end;
      }
    } else if (typ === 7) ok = read(5); // CPUSample
    else if (V2_ARGS[typ] !== undefined) ok = read(V2_ARGS[typ]!);
    else ok = false;
    if (!ok) return;
    out.push({ start, end: pos, args, typ });
  }
}

// ---- Go 1.11-1.21 ------------------------------------------------------------------------

const EV_BATCH = 1;
const EV_STRING = 37;
const EV_USER_LOG = 48;

function oldLayout(b: Uint8Array, lay: Layout): void {
  let pos = HEADER_LEN;
  let batch: BatchSpan | null = null;
  while (pos < b.length) {
    const start = pos;
    const head = b[pos++]!;
    const typ = head & 0x3f;
    const narg = (head >> 6) + 1;
    if (typ === 0 || typ >= 50) break;
    const args: [number, number][] = [];
    const read = (n: number): boolean => {
      for (let k = 0; k < n; k++) {
        const v = varint(b, pos);
        if (!v) return false;
        args.push([pos, v[1]]);
        pos = v[1];
      }
      return true;
    };
    let ok: boolean;
    if (typ === EV_STRING) {
      ok = read(2);
      if (ok) {
        pos += varint(b, args[1]![0])![0];
        ok = pos <= b.length;
      }
    } else if (typ === EV_BATCH) ok = read(2);
    else if (narg <= 3) ok = read(narg);
    else {
      const len = varint(b, pos);
      ok = len !== null && len[1] + len[0] <= b.length;
      if (ok) {
        pos = len![1] + len![0];
        if (typ === EV_USER_LOG) {
          const s = varint(b, pos);
          ok = s !== null && s[1] + s[0] <= b.length;
          if (ok) pos = s![1] + s![0];
        }
      }
    }
    if (!ok) break;
    if (typ === EV_BATCH) {
      if (batch) lay.batches.push(batch);
      batch = { start, headerEnd: pos, end: pos, gen: 0, sizeField: null, endOfGeneration: false, events: [] };
    } else if (batch) {
      // Only inline-argument events are offered for argument rewrites (no length prefix to fix).
      batch.events.push({ start, end: pos, args: narg <= 3 && typ !== EV_STRING ? args : [], typ });
      batch.end = pos;
    }
    lay.parsedTo = pos;
  }
  if (batch) lay.batches.push(batch);
}
