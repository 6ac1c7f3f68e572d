// Appends ordered events to an EventStore, translating a generation's local string and stack
// IDs into the trace-wide tables and interning execution contexts.

import { Ev } from './wire/specs.js';
import { Chunk, EventStore, STORED_ARGS, STRING_ARGS, STACK_ARGS, SyncInfo, growU8 } from './events.js';
import { taskEndNames } from './v2/order.js';

/** A generation's own tables, as the builder needs them. */
export interface LocalTables {
  string(id: number): string;
  stacks: Map<number, number[]>;
  pcs: Map<number, { funcId: number; fileId: number; line: number }>;
}

export class StoreBuilder {
  readonly store = new EventStore();
  private chunk: Chunk | null = null;
  private tables: LocalTables | null = null;
  private localStrings = new Map<number, number>();
  private localStacks = new Map<number, number>();
  private stringIds = new Map<string, number>([['', 0]]);
  private stackIds = new Map<string, number>();
  private frameIds = new Map<string, number>();
  private ctxIds = new Map<number, Map<number, number>>();
  private ctxOverflow = new Map<string, number>();
  private lastCtxKeyG = NaN;
  private lastCtxKeyP = NaN;
  private lastCtxKeyM = NaN;
  private lastCtxId = 0;

  /** Starts a new chunk whose events refer to tables (a generation's). */
  beginChunk(tables: LocalTables | null, capHint = 4096): void {
    this.endChunk();
    this.chunk = new Chunk(capHint);
    this.tables = tables;
    this.localStrings.clear();
    this.localStacks.clear();
  }

  endChunk(): void {
    if (this.chunk && this.chunk.n > 0) {
      this.chunk.seal();
      this.store.chunks.push(this.chunk);
    }
    this.chunk = null;
  }

  finish(): EventStore {
    this.endChunk();
    return this.store;
  }

  internString(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.store.strings.length;
      this.store.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private globalString(local: number): number {
    if (local === 0) return 0;
    let id = this.localStrings.get(local);
    if (id === undefined) {
      id = this.internString(this.tables ? this.tables.string(local) : '');
      this.localStrings.set(local, id);
    }
    return id;
  }

  private globalStack(local: number): number {
    if (local === 0) return 0;
    let id = this.localStacks.get(local);
    if (id !== undefined) return id;
    const pcs = this.tables?.stacks.get(local) ?? [];
    const frames: number[] = [];
    for (const pc of pcs) frames.push(this.internFrame(pc));
    id = this.internStack(frames);
    this.localStacks.set(local, id);
    return id;
  }

  private internFrame(pc: number): number {
    const f = this.tables!.pcs.get(pc)!;
    const func = this.globalString(f.funcId);
    const file = this.globalString(f.fileId);
    const key = `${pc}|${func}|${file}|${f.line}`;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      const s = this.store;
      id = s.framePc.length;
      s.framePc.push(pc);
      s.frameFunc.push(func);
      s.frameFile.push(file);
      s.frameLine.push(f.line);
      this.frameIds.set(key, id);
    }
    return id;
  }

  /** Interns a stack given as frame ids (leaf first). Returns its trace-wide id (never 0). */
  internStack(frames: number[]): number {
    const key = frames.join(',');
    let id = this.stackIds.get(key);
    if (id === undefined) {
      const s = this.store;
      id = s.stackStart.length;
      s.stackStart.push(s.stackFrameIds.length);
      for (const f of frames) s.stackFrameIds.push(f);
      s.stackEnd.push(s.stackFrameIds.length);
      this.stackIds.set(key, id);
    }
    return id;
  }

  private ctxId(g: number, p: number, m: number): number {
    if (g === this.lastCtxKeyG && p === this.lastCtxKeyP && m === this.lastCtxKeyM) return this.lastCtxId;
    let id: number | undefined;
    if (p >= -1 && p < 65535 && g >= -1 && g < 2 ** 36) {
      let byM = this.ctxIds.get(m);
      if (!byM) this.ctxIds.set(m, (byM = new Map()));
      const key = (g + 1) * 65536 + (p + 1);
      id = byM.get(key);
      if (id === undefined) {
        id = this.newCtx(g, p, m);
        byM.set(key, id);
      }
    } else {
      const key = `${g},${p},${m}`;
      id = this.ctxOverflow.get(key);
      if (id === undefined) {
        id = this.newCtx(g, p, m);
        this.ctxOverflow.set(key, id);
      }
    }
    this.lastCtxKeyG = g;
    this.lastCtxKeyP = p;
    this.lastCtxKeyM = m;
    this.lastCtxId = id;
    return id;
  }

  private newCtx(g: number, p: number, m: number): number {
    const s = this.store;
    s.ctxG.push(g);
    s.ctxP.push(p);
    s.ctxM.push(m);
    return s.ctxG.length - 1;
  }

  /** Appends an event. args are in the generation's local ID space; they are translated here. */
  add(typ: number, time: number, g: number, p: number, m: number, args: ArrayLike<number>): void {
    const c = this.chunk!;
    if (c.n === c.time.length) c.grow();
    const i = c.n++;
    c.time[i] = time;
    c.typ[i] = typ;
    c.ctx[i] = this.ctxId(g, p, m);
    const n = STORED_ARGS[typ]!;
    if (c.argLen + n * 10 > c.args.length) c.args = growU8(c.args, c.args.length * 2 + n * 10);
    c.argOff[i] = c.argLen;
    const strs = STRING_ARGS[typ]!;
    const stks = STACK_ARGS[typ]!;
    const buf = c.args;
    let q = c.argLen;
    for (let k = 0; k < n; k++) {
      let v = args[k]!;
      if (strs & (1 << k)) {
        v = typ === Ev.UserTaskEnd ? this.internString(taskEndNames[v] ?? '') : this.globalString(v);
      } else if (stks & (1 << k)) {
        v = this.globalStack(v);
      }
      // Store v + 1 as a uvarint, so that the -1 sentinel ("none") costs one byte.
      v += 1;
      while (v >= 128) {
        buf[q++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
      buf[q++] = v;
    }
    c.argLen = q;
  }

  addSync(time: number, info: SyncInfo): void {
    if (!this.chunk) this.beginChunk(null, 16);
    this.store.syncs.push(info);
    this.add(Ev.ReaderSync, time, -1, -1, -1, [this.store.syncs.length - 1]);
  }
}
