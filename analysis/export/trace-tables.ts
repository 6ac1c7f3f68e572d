// Builds every table of docs/tables.md from a trace's events while they stream through the parser:
// feed() takes each chunk of ordered events (a generation) and writes rows into the tables'
// batches, which go to the sink as they fill; finish() writes what only the whole trace knows
// (goroutines, stacks, frames, tasks, the traces row). The goroutine analysis runs in the same
// pass, so the goroutines table is go tool trace's goroutine analysis.

import { Chunk, EventStore, Kind, ProcState, TYPE_KIND } from '../../parser/events.js';
import { Resource, Transition, ctxG, eventStack, readLog, readRegion, readTask } from '../../parser/event-details.js';
import { Ev } from '../../parser/wire/specs.js';
import { describeDamage } from '../../parser/damage.js';
import { GoroutineSummarizer, GoroutineSummaries, PassObserver } from '../goroutine-summary.js';
import { IdNumbers } from '../../parser/id-table.js';
import { RangeReader } from '../range-reader.js';
import { ANALYSIS_COLUMNS, RANGE_COLUMNS, TABLES } from './table-schema.js';
import { TableBatch, TableSink, NULL_CODE } from './table-batch.js';
import { SpanBuilder } from './span-builder.js';
import { argWords, metricValueWords } from './metric-value.js';
import { METRIC_NAMES } from '../../parser/event-details.js';

const TWO32 = 4294967296;

/** A number as the two 32-bit words of a uint64. */
function putWords(out: Uint32Array, o: number, v: number): void {
  out[o] = v % TWO32;
  out[o + 1] = Math.floor(v / TWO32);
}

const nullIfNeg = (v: number): number => (v < 0 ? NaN : v);

interface OpenRange {
  kind: number;
  name: number;
  start: number;
  began: boolean;
  goid: number;
  p: number;
  stack: number;
}

interface TaskRow {
  id: number;
  parent: number;
  type: string;
  start: number;
  end: number;
  startG: number;
  endG: number;
  stack: number;
}

interface OpenRegion {
  task: number;
  type: string;
  start: number;
  stack: number;
}

export class TraceTables implements PassObserver {
  readonly batches: Map<string, TableBatch>;
  private readonly summarizer: GoroutineSummarizer;
  private readonly spans: SpanBuilder;
  private store: EventStore | null = null;
  private ranges: RangeReader | null = null;
  private gen = 0;
  private events = 0;
  private firstTs = NaN;
  private lastTs = NaN;
  /** The syncs of the chunk being fed (index, time) and how far the observer has walked them. */
  private syncAt: number[] = [];
  private syncTime: number[] = [];
  private syncWalk = 0;
  private chunkGen = 0;
  private syncTs = NaN;
  /** Per goroutine: the state and reason code its last transition entered. */
  private lastTo = new IdNumbers();
  private lastReason = new IdNumbers();
  /** Reason string id → code in the reason dictionary (shared by the tables using it). */
  private reasonCodes = new Int32Array(1024).fill(-1);
  /** Open ranges by name and scope id; a closed one's entry is null (Map.delete then set costs more). */
  private openRanges = new Map<string, Map<number, OpenRange | null>>();
  private freeRanges: OpenRange[] = [];
  /** Range name → its kind and name codes in the gc table. */
  private rangeCodes = new Map<string, number[]>();
  private tasks = new Map<number, TaskRow>();
  private regions = new Map<number, OpenRegion[]>();

  // Columns of the event tables, held for the hot loops.
  private readonly tr: TableBatch;
  private readonly trGen: Float64Array;
  private readonly trTime: Float64Array;
  private readonly trGoid: Float64Array;
  private readonly trFrom: Uint32Array;
  private readonly trTo: Uint32Array;
  private readonly trReason: Uint32Array;
  private readonly trStack: Float64Array;
  private readonly trBy: Float64Array;
  private readonly trP: Float64Array;
  private readonly trM: Float64Array;

  private readonly mt: TableBatch;
  private readonly mtGen: Float64Array;
  private readonly mtTime: Float64Array;
  private readonly mtName: Uint32Array;
  private readonly mtValue: Uint32Array;
  private readonly metricCodes = new Int32Array(256).fill(-1);
  private readonly gc: TableBatch;
  private readonly gcCols: {
    kind: Uint32Array; name: Uint32Array; start: Float64Array; end: Float64Array; began: Uint32Array; goid: Float64Array; p: Float64Array;
    swept: Uint32Array; reclaimed: Uint32Array; sweptNull: Uint8Array; reclaimedNull: Uint8Array; stack: Float64Array;
  };

  constructor(sink: TableSink) {
    this.batches = new Map(TABLES.map((t) => [t.name, new TableBatch(t, sink)]));
    this.summarizer = new GoroutineSummarizer([this]);
    this.spans = new SpanBuilder(this.batch('spans'));
    const tr = (this.tr = this.batch('transitions'));
    this.trGen = tr.num('gen');
    this.trTime = tr.num('time_ns');
    this.trGoid = tr.num('goid');
    this.trFrom = tr.words('from');
    this.trTo = tr.words('to');
    this.trReason = tr.words('reason');
    this.trStack = tr.num('stack_id');
    this.trBy = tr.num('by_goid');
    this.trP = tr.num('p');
    this.trM = tr.num('m');
    const mt = (this.mt = this.batch('metrics'));
    this.mtGen = mt.num('gen');
    this.mtTime = mt.num('time_ns');
    this.mtName = mt.words('name');
    this.mtValue = mt.words('value');
    const gc = (this.gc = this.batch('gc'));
    this.gcCols = {
      kind: gc.words('kind'), name: gc.words('name'), start: gc.num('start_ns'), end: gc.num('end_ns'), began: gc.words('began_in_trace'),
      goid: gc.num('goid'), p: gc.num('p'), swept: gc.words('bytes_swept'), reclaimed: gc.words('bytes_reclaimed'),
      sweptNull: gc.nulls('bytes_swept'), reclaimedNull: gc.nulls('bytes_reclaimed'), stack: gc.num('stack_id'),
    };
  }

  batch(name: string): TableBatch {
    return this.batches.get(name)!;
  }

  /** The code of a reason string id (the transitions', spans' and goroutines' reason dictionaries agree). */
  private reason(id: number): number {
    if (id >= this.reasonCodes.length) {
      const r = new Int32Array(Math.max(id + 1, this.reasonCodes.length * 2)).fill(-1);
      r.set(this.reasonCodes);
      this.reasonCodes = r;
    }
    let code = this.reasonCodes[id]!;
    if (code < 0) {
      const s = this.store!.strings[id]!;
      code = this.tr.dict('reason').code(s);
      // Keep the three dictionaries in step, so one code means one string everywhere.
      this.batch('spans').dict('reason').code(s);
      this.batch('goroutines').dict('end_reason').code(s);
      this.reasonCodes[id] = code;
    }
    return code;
  }

  /** Reads one chunk of ordered events (chunks in order, all from the same store). */
  feed(store: EventStore, c: Chunk): void {
    if (c.n === 0) return;
    if (this.store === null) {
      this.store = store;
      this.ranges = new RangeReader(store);
      this.firstTs = c.timeAt(0);
    }
    this.events += c.n;
    this.lastTs = c.timeAt(c.n - 1);
    // The generation and sync of each event: syncs first, so the observer (called from the
    // analysis' pass below) can walk them.
    const syncAt: number[] = (this.syncAt = []);
    const syncTime: number[] = (this.syncTime = []);
    this.syncWalk = 0;
    this.chunkGen = this.gen;
    const typ = c.typ;
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[typ[i]!]!;
      if (kind === Kind.Sync) {
        syncAt.push(i);
        syncTime.push(c.timeAt(i));
        this.gen++;
      } else if (kind === Kind.Metric) this.metric(c, i);
      else if (kind === Kind.StackSample) this.cpuSample(c, i);
      else if (kind === Kind.RangeBegin || kind === Kind.RangeActive || kind === Kind.RangeEnd) this.range(c, i, kind);
    }
    if (this.gen === 0) this.gen = 1;
    if (Number.isNaN(this.syncTs)) this.syncTs = this.firstTs;
    this.summarizer.feed(store, c);
  }

  /** The generation of event i of the chunk being fed (walking its syncs forward). */
  private genAt(i: number): number {
    while (this.syncWalk < this.syncAt.length && this.syncAt[this.syncWalk]! <= i) {
      this.syncTs = this.syncTime[this.syncWalk]!;
      this.syncWalk++;
      this.chunkGen++;
    }
    return Math.max(1, this.chunkGen);
  }

  /** PassObserver: every state transition, decoded once for the analysis and the tables. */
  transition(store: EventStore, c: Chunk, i: number, t: Transition): void {
    const gen = this.genAt(i);
    const ctx = c.ctx[i]!;
    const p = c.ctxP[ctx]!;
    const m = c.ctxM[ctx]!;
    const g = c.ctxG[ctx]!;
    const time = c.timeAt(i);
    if (t.resource === Resource.Goroutine) {
      const reason = this.reason(t.reason);
      const tr = this.tr;
      const r = tr.row();
      this.trGen[r] = gen;
      this.trTime[r] = time;
      this.trGoid[r] = t.id;
      this.trFrom[r] = t.from;
      this.trTo[r] = t.to;
      this.trReason[r] = reason;
      this.trStack[r] = t.stack === 0 ? NaN : t.stack;
      this.trBy[r] = g >= 0 && g !== t.id ? g : NaN;
      this.trP[r] = p < 0 ? NaN : p;
      this.trM[r] = m < 0 ? NaN : m;
      this.lastTo.set(t.id, t.to);
      this.lastReason.set(t.id, reason);
      if (t.from !== t.to) this.spans.goTransition(t.id, t.from, t.to, reason, t.stack, time, this.syncTs, p, m, gen);
    } else if (t.resource === Resource.Proc) {
      const b = this.batch('procs');
      const r = b.row();
      b.num('gen')[r] = gen;
      b.num('time_ns')[r] = time;
      b.num('p')[r] = t.id;
      b.words('from')[r] = t.from;
      b.words('to')[r] = t.to;
      b.num('m')[r] = nullIfNeg(m);
      b.num('goid')[r] = nullIfNeg(g);
      if (t.from !== t.to && t.to === ProcState.Idle) this.spans.procIdle(t.id, time, gen);
    }
  }

  /** PassObserver: task, region and log events. */
  annotation(c: Chunk, i: number, kind: Kind): void {
    const s = this.store!;
    const gen = this.genAt(i);
    const time = c.timeAt(i);
    const g = ctxG(s, c, i);
    switch (kind) {
      case Kind.TaskBegin:
      case Kind.TaskEnd: {
        const { id, parent, type } = readTask(s, c, i);
        let row = this.tasks.get(id);
        if (row === undefined) {
          row = { id, parent, type, start: NaN, end: NaN, startG: NaN, endG: NaN, stack: NaN };
          this.tasks.set(id, row);
        }
        if (kind === Kind.TaskBegin) {
          row.start = time;
          row.startG = nullIfNeg(g);
          const st = eventStack(c, i);
          row.stack = st === 0 ? NaN : st;
        } else {
          row.end = time;
          row.endG = nullIfNeg(g);
        }
        break;
      }
      case Kind.RegionBegin: {
        const { task, type } = readRegion(s, c, i);
        let open = this.regions.get(g);
        if (open === undefined) this.regions.set(g, (open = []));
        const st = eventStack(c, i);
        open.push({ task, type, start: time, stack: st === 0 ? NaN : st });
        break;
      }
      case Kind.RegionEnd: {
        const open = this.regions.get(g);
        const r = open?.pop();
        if (r !== undefined) this.region(g, r, time, open!.length);
        else {
          const { task, type } = readRegion(s, c, i);
          this.region(g, { task, type, start: NaN, stack: NaN }, time, 0);
        }
        break;
      }
      case Kind.Log: {
        const { task, category, message } = readLog(s, c, i);
        const b = this.batch('logs');
        const r = b.row();
        b.num('gen')[r] = gen;
        b.num('time_ns')[r] = time;
        b.num('goid')[r] = nullIfNeg(g);
        b.num('task_id')[r] = nullIfNeg(task);
        b.text('category')[r] = category;
        b.text('message')[r] = message;
        const st = eventStack(c, i);
        b.num('stack_id')[r] = st === 0 ? NaN : st;
        break;
      }
    }
  }

  private region(goid: number, r: OpenRegion, end: number, depth: number): void {
    const b = this.batch('regions');
    const i = b.row();
    b.num('goid')[i] = goid;
    b.num('task_id')[i] = nullIfNeg(r.task);
    b.text('type')[i] = r.type;
    b.num('start_ns')[i] = r.start;
    b.num('end_ns')[i] = end;
    b.num('depth')[i] = depth;
    b.num('start_stack_id')[i] = r.stack;
  }

  private metric(c: Chunk, i: number): void {
    const b = this.mt;
    const r = b.row();
    const typ = c.typ[i]!;
    let name = this.metricCodes[typ]!;
    if (name < 0) name = this.metricCodes[typ] = b.dict('name').code(METRIC_NAMES[typ]!);
    this.mtGen[r] = Math.max(1, this.gen);
    this.mtTime[r] = c.timeAt(i);
    this.mtName[r] = name;
    metricValueWords(c, i, this.mtValue, 2 * r);
  }

  private cpuSample(c: Chunk, i: number): void {
    const b = this.batch('cpu_samples');
    const r = b.row();
    const ctx = c.ctx[i]!;
    b.num('gen')[r] = Math.max(1, this.gen);
    b.num('time_ns')[r] = c.timeAt(i);
    b.num('goid')[r] = nullIfNeg(c.ctxG[ctx]!);
    b.num('p')[r] = nullIfNeg(c.ctxP[ctx]!);
    b.num('m')[r] = nullIfNeg(c.ctxM[ctx]!);
    const st = eventStack(c, i);
    b.num('stack_id')[r] = st === 0 ? NaN : st;
  }

  /** The open ranges of a range name, by scope id. */
  private openOf(name: string): Map<number, OpenRange | null> {
    let m = this.openRanges.get(name);
    if (m === undefined) this.openRanges.set(name, (m = new Map()));
    return m;
  }

  private range(c: Chunk, i: number, kind: Kind): void {
    const info = this.ranges!.read(c, i);
    const open = this.openOf(info.name);
    const id = info.id;
    const time = c.timeAt(i);
    if (kind === Kind.RangeEnd) {
      let r = open.get(id);
      if (r == null) r = this.newRange(c, i, info.name, info.scope, id, NaN, false);
      else open.set(id, null);
      const sweep = c.typ[i] === Ev.GCSweepEnd;
      const row = this.rangeRow(r, time, sweep ? 0 : NaN, sweep ? 0 : NaN);
      if (sweep) {
        // Bytes swept and reclaimed, exact uint64s (a double rounds them past 2^53).
        argWords(c, i, 0, this.gcCols.swept, 2 * row);
        argWords(c, i, 1, this.gcCols.reclaimed, 2 * row);
      }
      this.freeRanges.push(r);
      return;
    }
    const prev = open.get(id);
    if (kind === Kind.RangeActive && prev != null) return;
    if (prev != null) {
      this.rangeRow(prev, NaN, NaN, NaN);
      this.freeRanges.push(prev);
    }
    open.set(id, this.newRange(c, i, info.name, info.scope, id, time, kind === Kind.RangeBegin));
  }

  private newRange(c: Chunk, i: number, name: string, scope: Resource, id: number, start: number, began: boolean): OpenRange {
    let codes = this.rangeCodes.get(name);
    if (codes === undefined) {
      const b = this.gc;
      const kind = name.startsWith('stop-the-world') ? 'stw' : name === 'GC mark assist' ? 'assist' : name === 'GC incremental sweep' ? 'sweep' : 'gc';
      codes = [b.dict('kind').code(kind), b.dict('name').code(name)];
      this.rangeCodes.set(name, codes);
    }
    const typ = c.typ[i]!;
    const st = typ === Ev.GCMarkAssistActive || typ === Ev.GCSweepActive || typ === Ev.GCActive ? 0 : eventStack(c, i);
    const r = this.freeRanges.pop() ?? { kind: 0, name: 0, start: 0, began: false, goid: NaN, p: NaN, stack: NaN };
    r.kind = codes[0]!;
    r.name = codes[1]!;
    r.start = start;
    r.began = began;
    r.goid = scope === Resource.Goroutine ? id : NaN;
    r.p = scope === Resource.Proc ? id : NaN;
    r.stack = st === 0 ? NaN : st;
    return r;
  }

  /** Adds the range's row (swept, reclaimed: NaN for NULL) and returns its index. */
  private rangeRow(r: OpenRange, end: number, swept: number, reclaimed: number): number {
    const b = this.gc;
    const i = b.row();
    const k = this.gcCols;
    k.kind[i] = r.kind;
    k.name[i] = r.name;
    k.start[i] = r.start;
    k.end[i] = end;
    k.began[i] = r.began ? 1 : 0;
    k.goid[i] = nullIfNeg(r.goid);
    k.p[i] = nullIfNeg(r.p);
    k.sweptNull[i] = swept !== swept ? 1 : 0;
    k.reclaimedNull[i] = reclaimed !== reclaimed ? 1 : 0;
    putWords(k.swept, 2 * i, swept !== swept ? 0 : swept);
    putWords(k.reclaimed, 2 * i, reclaimed !== reclaimed ? 0 : reclaimed);
    k.stack[i] = r.stack;
    return i;
  }

  /** Writes the tables only the whole trace knows and hands every batch's last rows to the sink. */
  finish(store: EventStore | null): GoroutineSummaries {
    const summaries = this.summarizer.finish();
    const s = this.store ?? store;
    this.spans.finish(this.lastTs);
    for (const open of this.openRanges.values()) for (const r of open.values()) if (r !== null) this.rangeRow(r, NaN, NaN, NaN);
    for (const [g, open] of this.regions) open.forEach((r, depth) => this.region(g, { ...r }, NaN, depth));
    this.writeTasks();
    this.writeGoroutines(summaries);
    if (s !== null) {
      this.writeStacks(s);
      this.writeTraceRow(s);
    }
    for (const b of this.batches.values()) b.flush();
    return summaries;
  }

  private writeTasks(): void {
    const b = this.batch('tasks');
    for (const t of this.tasks.values()) {
      const i = b.row();
      b.num('task_id')[i] = t.id;
      b.num('parent_id')[i] = nullIfNeg(t.parent);
      b.text('type')[i] = t.type;
      b.num('start_ns')[i] = t.start;
      b.num('end_ns')[i] = t.end;
      b.num('start_goid')[i] = t.startG;
      b.num('end_goid')[i] = t.endG;
      b.num('start_stack_id')[i] = t.stack;
    }
  }

  private writeGoroutines(summaries: GoroutineSummaries): void {
    const b = this.batch('goroutines');
    const byAnalysis = new Map(ANALYSIS_COLUMNS.map((c) => [c.analysis, b.num(c.column)]));
    const other = b.num('block_other_ns');
    const rangeCols = RANGE_COLUMNS.map((c) => ({ prefix: c.prefix, col: b.num(c.column) }));
    const endState = b.words('end_state');
    const endReason = b.words('end_reason');
    for (const g of summaries.goroutines.values()) {
      const i = b.row();
      b.num('goid')[i] = g.id;
      b.text('name')[i] = g.name;
      b.num('start_pc')[i] = g.name === '' ? NaN : g.pc;
      b.num('created_ns')[i] = g.creationTime;
      b.num('started_ns')[i] = g.startTime === 0 ? NaN : g.startTime;
      b.num('ended_ns')[i] = g.endTime === 0 ? NaN : g.endTime;
      const to = this.lastTo.get(g.id);
      endState[i] = to < 0 ? NULL_CODE : to;
      const reason = this.lastReason.get(g.id);
      endReason[i] = reason < 0 ? NULL_CODE : reason;
      b.num('total_ns')[i] = g.stats.totalTime;
      for (const col of byAnalysis.values()) col[i] = 0;
      other[i] = 0;
      for (const [name, ns] of g.stats.nonOverlappingStats()) {
        const col = byAnalysis.get(name);
        if (col !== undefined) col[i] = ns;
        else other[i] = other[i]! + ns;
      }
      for (const rc of rangeCols) rc.col[i] = 0;
      for (const [name, ns] of g.stats.rangeTime) {
        const rc = rangeCols.find((x) => name.startsWith(x.prefix));
        if (rc !== undefined) rc.col[i] = rc.col[i]! + ns;
      }
    }
  }

  private writeStacks(s: EventStore): void {
    const st = this.batch('stacks');
    for (let id = 1; id < s.stackStart.length; id++) {
      const start = s.stackStart[id]!;
      const end = s.stackEnd[id]!;
      for (let k = start; k < end; k++) {
        const f = s.stackFrameIds[k]!;
        const i = st.row();
        st.num('stack_id')[i] = id;
        st.num('depth')[i] = k - start;
        st.num('frame_id')[i] = f;
        st.text('func')[i] = s.strings[s.frameFunc[f]!]!;
        st.text('file')[i] = s.strings[s.frameFile[f]!]!;
        st.num('line')[i] = s.frameLine[f]!;
      }
    }
    const fr = this.batch('frames');
    for (let f = 0; f < s.framePc.length; f++) {
      const i = fr.row();
      fr.num('frame_id')[i] = f;
      fr.num('pc')[i] = s.framePc[f]!;
      fr.text('func')[i] = s.strings[s.frameFunc[f]!]!;
      fr.text('file')[i] = s.strings[s.frameFile[f]!]!;
      fr.num('line')[i] = s.frameLine[f]!;
    }
  }

  private writeTraceRow(s: EventStore): void {
    const b = this.batch('traces');
    const i = b.row();
    b.words('go_version')[i] = b.dict('go_version').code(`1.${s.version}`);
    b.num('bytes')[i] = s.totalBytes;
    b.num('events')[i] = this.events;
    b.num('generations')[i] = s.generations;
    b.num('first_ns')[i] = this.firstTs;
    b.num('last_ns')[i] = this.lastTs;
    b.text('error')[i] = s.error ? describeDamage(s) : null;
  }
}
