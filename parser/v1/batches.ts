// The two passes over the bytes of an old-format trace: the first finds every per-P batch
// (and collects the CPU samples, which belong to no P), the second decodes one batch at a
// time into events (Go's collectBatchesAndCPUSamples, loadBatch and parseEvent), filling
// the string, stack and frame tables on the way.

import { TraceError } from '../errors.js';
import { V1, V1_ARG_NUM, V1_DESCS } from './specs.js';
import { WireReader, RAW_EOF, SKIP_ARGS, SKIP_STRINGS, fmtU64 } from './wire.js';
import { V1Columns } from './columns.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_X = BigInt(MAX_SAFE);

export interface V1Frame {
  funcId: number;
  fileId: number;
  line: number;
}

/** Batches of one P, in file order. */
interface PBatches {
  offsets: number[];
  counts: number[];
  next: number;
}

export class V1Parser {
  readonly w: WireReader;
  /** P → its batches; pids lists the Ps in the order their first batch appears. */
  private batches = new Map<number, PBatches>();
  readonly pids: number[] = [];
  /** Upper bound of the number of events (for sizing the merged list). */
  eventBound = 0;
  /** CPU samples, in file order (Ts already taken from the sample's own timestamp). */
  readonly cpuSamples = new V1Columns(16);
  /** Ticks of the first batch: timestamps are kept relative to it so they stay exact. */
  private base: bigint | null = null;
  /** The relative value of an absolute timestamp of 0. */
  zeroTs = 0;

  ticksPerSec = 0;
  readonly timerGoids = new Set<number>();
  readonly stacks = new Map<number, number[]>();
  readonly pcs = new Map<number, V1Frame>();
  readonly inlineStrings: string[] = [];
  private inlineIds = new Map<string, number>();

  /** Set by rewind: the tables are full, string and stack entries are skipped. */
  private replaying = false;
  private lastTs = 0;
  private lastG = 0;
  private lastP = 0;
  private lastGs = new Map<number, number>();

  constructor(data: Uint8Array, start: number, version: number) {
    this.w = new WireReader(data, start, version);
  }

  get strings(): Map<number, string> {
    return this.w.strings;
  }

  /** An absolute tick count (exact uint64) as ticks relative to the first batch. */
  private rebase(exact: bigint): number {
    return Number(this.rebaseX(exact));
  }
  private rebaseX(exact: bigint): bigint {
    return BigInt.asIntN(64, exact - (this.base ?? 0n));
  }
  /** The exact last time when lastTs is not exact (past 2^53 ticks). */
  private lastTsX: bigint | null = null;

  /** Pass 1: locate the batches of every P and read the CPU samples. */
  collect(): void {
    const w = this.w;
    let curP = 0;
    let cur: PBatches | undefined;
    for (;;) {
      if (w.readRawEvent(SKIP_ARGS | SKIP_STRINGS) === RAW_EOF) break;
      const typ = w.typ;
      if (typ === V1.None) continue;
      if (typ === V1.Batch) {
        const pid = w.batchPid;
        let b = this.batches.get(pid);
        if (!b) {
          this.batches.set(pid, (b = { offsets: [], counts: [], next: 0 }));
          this.pids.push(pid);
        }
        b.offsets.push(w.batchOffset);
        b.counts.push(0);
        if (this.base === null) {
          this.base = BigInt.asIntN(64, w.exactArg(1));
          this.zeroTs = this.rebase(0n);
        }
        curP = pid;
        cur = b;
      }
      if (!cur || cur.counts.length === 0) {
        throw new TraceError(`read event ${typ} with current P of ${curP}, but P has no batches yet`);
      }
      cur.counts[cur.counts.length - 1]!++;
      this.eventBound++;
      if (typ === V1.CPUSample) this.addCPUSample();
    }
  }

  private addCPUSample(): void {
    const w = this.w;
    const want = V1_ARG_NUM[V1.CPUSample]!;
    if (w.nargs !== want) throw new TraceError(`CPU sample has wrong number of arguments: want ${want}, got ${w.nargs}`);
    const s = this.cpuSamples;
    s.ensure();
    const k = s.n++;
    const a = w.args;
    s.typ[k] = V1.CPUSample;
    s.ts[k] = this.rebase(w.exactArg(1));
    s.p[k] = a[2]! | 0;
    s.g[k] = a[3]!;
    s.a0[k] = 0;
    s.a1[k] = a[2]!;
    s.a2[k] = a[3]!;
    s.stk[k] = a[4]! >>> 0;
  }

  /**
   * Back to the first batch of every P, for one more pass over the events (parser/v1/replay.ts).
   * Decoding a batch depends only on the same P's earlier batches, so every pass decodes the
   * same events; the tables (strings, stacks, frames) are already full and stay as they are.
   */
  rewind(): void {
    for (const b of this.batches.values()) b.next = 0;
    this.replaying = true;
    this.lastGs.clear();
    this.lastTs = 0;
    this.lastTsX = null;
    this.lastG = 0;
    this.lastP = 0;
  }

  /** Largest batch of P pid (events), for sizing its buffer. */
  maxBatch(pid: number): number {
    let m = 0;
    for (const c of this.batches.get(pid)?.counts ?? []) m = Math.max(m, c);
    return m;
  }

  /**
   * Pass 2, one batch: decodes P pid's next batch into buf (emptied first). Returns false
   * when pid has no batches left (Go's io.EOF).
   */
  loadBatch(pid: number, buf: V1Columns): boolean {
    const b = this.batches.get(pid);
    if (!b || b.next >= b.offsets.length) return false;
    const w = this.w;
    w.off = b.offsets[b.next]!;
    buf.n = 0;
    buf.tsX = null;
    buf.ensure(b.counts[b.next]!);
    b.next++;
    let gotHeader = false;
    const flags = this.replaying ? SKIP_STRINGS : 0;
    for (;;) {
      if (w.readRawEvent(flags) === RAW_EOF) break;
      const typ = w.typ;
      if (typ === V1.None || typ === V1.CPUSample) continue;
      if (typ === V1.Batch) {
        if (gotHeader) break;
        gotHeader = true;
      }
      this.parseEvent(buf);
    }
    return true;
  }

  /** Turns the raw event just read into an event in buf, or into table/parser state. */
  private parseEvent(buf: V1Columns): void {
    const w = this.w;
    const typ = w.typ;
    const a = w.args;
    const nargs = w.nargs;
    const desc = V1_DESCS[typ]!;
    const narg = typ === V1.Stack ? nargs : V1_ARG_NUM[typ]!;
    if (nargs !== narg) throw new TraceError(`${desc.name} has wrong number of arguments: want ${narg}, got ${nargs}`);
    switch (typ) {
      case V1.Batch:
        this.lastGs.set(this.lastP, this.lastG);
        this.lastP = w.batchPid;
        this.lastG = this.lastGs.get(this.lastP) ?? 0;
        {
          const x = this.rebaseX(w.exactArg(1));
          this.lastTs = Number(x);
          this.lastTsX = x > MAX_SAFE_X || x < -MAX_SAFE_X ? x : null;
        }
        return;
      case V1.Frequency:
        // Go keeps the value of the Frequency event its merge read last. The replays read only
        // the batches the merged events need (not a trailing batch of no events): they keep it.
        if (this.replaying) return;
        this.ticksPerSec = a[0]!;
        // The most likely cause is tick skew on different CPUs.
        if (this.ticksPerSec <= 0) throw new TraceError('time stamps out of order');
        return;
      case V1.TimerGoroutine:
        this.timerGoids.add(a[0]!);
        return;
      case V1.Stack:
        if (this.replaying) return;
        return this.parseStack();
      case V1.CPUSample:
        return; // read in pass 1
    }
    buf.ensure();
    const k = buf.n++;
    let ts = this.lastTs + a[0]!;
    if (this.lastTsX !== null || !(ts <= MAX_SAFE && ts >= -MAX_SAFE)) {
      // Go's int64 sum, exactly (and wrapping): a damaged delta or a clock past 2^53 ticks.
      const d = Number.isSafeInteger(a[0]!) ? BigInt(a[0]!) : BigInt.asIntN(64, this.w.exactArg(0));
      const x = BigInt.asIntN(64, (this.lastTsX ?? BigInt(this.lastTs)) + d);
      ts = Number(x);
      this.lastTsX = x > MAX_SAFE_X || x < -MAX_SAFE_X ? x : null;
      if (this.lastTsX !== null) (buf.tsX ??= new Map()).set(k, x);
    }
    this.lastTs = ts;
    buf.ts[k] = ts;
    buf.typ[k] = typ;
    buf.p[k] = this.lastP;
    let g = this.lastG;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let stk = 0;
    const stackAt = desc.stack ? narg - 1 : -1;
    for (let i = 1; i < narg; i++) {
      const v = a[i]!;
      // Go keeps the stack id's low 32 bits (uint32(arg)); past 2^53 the double lost them.
      if (i === stackAt) stk = v <= Number.MAX_SAFE_INTEGER ? v >>> 0 : Number(BigInt.asUintN(32, w.exactArg(i)));
      else if (i === 1) a0 = v;
      else if (i === 2) a1 = v;
      else a2 = v;
    }
    switch (typ) {
      case V1.GoStart:
      case V1.GoStartLocal:
      case V1.GoStartLabel:
        this.lastG = a0;
        g = a0;
        break;
      case V1.GoEnd:
      case V1.GoStop:
      case V1.GoSched:
      case V1.GoPreempt:
      case V1.GoSleep:
      case V1.GoBlock:
      case V1.GoBlockSend:
      case V1.GoBlockRecv:
      case V1.GoBlockSelect:
      case V1.GoBlockSync:
      case V1.GoBlockCond:
      case V1.GoBlockNet:
      case V1.GoSysBlock:
      case V1.GoBlockGC:
        this.lastG = 0;
        break;
      case V1.GoSysExit:
        g = a0;
        // The real exit time: an absolute tick count, 0 for none (kept as NaN).
        a2 = a2 === 0 ? NaN : this.rebase(w.exactArg(3));
        break;
      case V1.GoWaiting:
      case V1.GoInSyscall:
        g = a0;
        break;
      case V1.UserLog: {
        const s = w.sarg;
        let id = this.inlineIds.get(s);
        if (id === undefined) {
          id = this.inlineStrings.length;
          this.inlineIds.set(s, id);
          this.inlineStrings.push(s);
        }
        a2 = id; // Go's Args[3]
        break;
      }
    }
    buf.g[k] = g;
    buf.a0[k] = a0;
    buf.a1[k] = a1;
    buf.a2[k] = a2;
    buf.stk[k] = stk;
  }

  private parseStack(): void {
    const w = this.w;
    const a = w.args;
    const nargs = w.nargs;
    if (nargs < 2) throw new TraceError(`EvStack has wrong number of arguments: want at least 2, got ${nargs}`);
    const size = a[1]!;
    if (size < 0 || size > 1000) throw new TraceError(`EvStack has bad number of frames: ${fmtU64(size)}`);
    const want = 2 + 4 * size;
    if (nargs !== want) throw new TraceError(`EvStack has wrong number of arguments: want ${want}, got ${nargs}`);
    const id = a[0]! >>> 0;
    if (id === 0 || size === 0) return;
    const stk: number[] = new Array(size);
    for (let i = 0; i < size; i++) {
      const pc = a[2 + i * 4]!;
      stk[i] = pc;
      if (!this.pcs.has(pc)) this.pcs.set(pc, { funcId: a[3 + i * 4]!, fileId: a[4 + i * 4]!, line: a[5 + i * 4]! });
    }
    this.stacks.set(id, stk);
  }
}
