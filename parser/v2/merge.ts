// Merges a speculatively ordered generation (gen-speculate.ts) into the sequential result:
// first checks every assumption it made against the real state inherited from the previous
// generation — any doubt and it returns false, so the caller orders the generation again,
// sequentially — then patches what depended on that state and folds its end state in.

import { Ev, GoStatus, ProcStatus } from '../wire/specs.js';
import { GO_STATUS_TO_STATE, PROC_STATUS_TO_STATE, ProcState } from '../events.js';
import { V2Reader } from './reader.js';
import { GState, PState, MState, GC, NO_G, NO_P } from './order.js';
import { Assume, CARRIED } from './speculation.js';
import { SpeculativeResult } from './gen-speculate.js';
import { putUvarintPadded } from '../wire/varint.js';

interface TaskPatch {
  index: number;
  parent: number;
  name: string;
}

/** Returns false (changing nothing) when the speculation does not hold; true once merged. */
export function mergeSpeculative(main: V2Reader, r: SpeculativeResult): boolean {
  if (r.failed || !r.chunk || !r.spec || !r.end) return false;
  if (!exactTimes(main, r)) return false;
  const o = main.order;
  const spec = r.spec;
  const first = o.initialGen === 0;

  // ---- Verify. ----
  const carriedG = (m: number) => o.mStates.get(m)?.g ?? NO_G;
  const carriedP = (m: number) => o.mStates.get(m)?.p ?? NO_P;
  const as = spec.assumptions;
  for (let k = 0; k < as.length; k += 3) {
    const kind = as[k]!;
    const m = as[k + 1]!;
    const v = as[k + 2]!;
    const g = carriedG(m);
    const p = carriedP(m);
    let ok: boolean;
    switch (kind) {
      case Assume.GNone: ok = g === NO_G; break;
      case Assume.GSome: ok = g !== NO_G; break;
      case Assume.GEq: ok = g === v; break;
      case Assume.PNone: ok = p === NO_P; break;
      case Assume.PSome: ok = p !== NO_P; break;
      case Assume.PEq: ok = p === v; break;
      case Assume.GRunningOrNone: {
        const st = o.gStates.get(g);
        ok = !st || st.status === GoStatus.Running;
        break;
      }
      case Assume.MAbsentOrGEq: ok = !o.mStates.has(m) || g === v; break;
      default: ok = false;
    }
    if (!ok) return false;
  }
  for (let k = 0; k < spec.otherThreadStatus.length; k += 5) {
    if (spec.otherThreadStatus[k + 3] === CARRIED || spec.otherThreadStatus[k + 4] === CARRIED) return false;
  }
  // A goroutine this generation creates must not be alive before it (if the generation destroyed
  // and re-created it, the sequential ordering decides).
  for (const g of spec.created) if (o.gStates.has(g)) return false;
  for (let k = 0; k < spec.goStatus.length; k += 3) {
    const st = o.gStates.get(spec.goStatus[k + 1]!);
    if (!st || st.status !== spec.goStatus[k + 2]!) return false;
  }
  for (let k = 0; k < spec.procStatus.length; k += 3) {
    const st = o.pStates.get(spec.procStatus[k + 1]!);
    const status = spec.procStatus[k + 2]!;
    if (!st) continue; // a proc new to the trace: NotExist->…
    if (status === ProcStatus.SyscallAbandoned || st.status === ProcStatus.SyscallAbandoned) return false;
    if (st.status !== status) return false;
  }
  // Regions ended that began in an earlier generation.
  const regionStacks = new Map<number, { task: number; name: string }[]>();
  for (const pop of spec.regionPops) {
    let stack = regionStacks.get(pop.g);
    if (!stack) regionStacks.set(pop.g, (stack = [...(o.gStates.get(pop.g)?.regions ?? [])]));
    if (stack.length === 0) continue;
    const top = stack[stack.length - 1]!;
    if (top.task !== pop.task || top.name !== pop.name) return false;
    stack.pop();
  }
  // Tasks: replay begins and ends against the tasks active before this generation.
  const tasks = new Map(o.activeTasks);
  const taskPatches: TaskPatch[] = [];
  for (const t of spec.tasks) {
    if (t.begin) {
      if (tasks.has(t.id)) return false;
      tasks.set(t.id, { name: t.name, parent: t.parent });
    } else {
      const ts = tasks.get(t.id);
      if (ts) {
        if (!t.known) taskPatches.push({ index: t.index, parent: ts.parent, name: ts.name });
        tasks.delete(t.id);
      } else if (t.known) {
        return false;
      }
    }
  }
  // Ranges: the ones in flight before must be exactly the ones re-activated, before any other use.
  const rangeRes = new Set<string>();
  {
    const byRes = new Map<string, { actives: number[]; firstOther: number }>();
    for (const op of spec.ranges) {
      let e = byRes.get(op.res);
      if (!e) byRes.set(op.res, (e = { actives: [], firstOther: Infinity }));
      if (op.active) {
        if (op.seq > e.firstOther) return false;
        e.actives.push(op.typ);
      } else if (e.firstOther === Infinity) {
        e.firstOther = op.seq;
      }
    }
    for (const [res, e] of byRes) {
      rangeRes.add(res);
      const id = Number(res.slice(1));
      const carried = (res[0] === 'g' ? o.gStates.get(id)?.inFlight : o.pStates.get(id)?.inFlight) ?? [];
      if (!first || carried.length > 0) {
        const a = [...e.actives].sort((x, y) => x - y).join(',');
        const c = carried.map((x) => (x.desc !== 0 ? -1 : x.typ)).sort((x, y) => x - y).join(',');
        if (a !== c) return false;
      }
    }
  }
  // GC mark phase: replay with the real sequence number and state.
  let gcSeq = o.gcSeq;
  let gcState = o.gcState;
  for (let k = 0; k < spec.gc.length; k += 2) {
    const typ = spec.gc[k]!;
    const seq = spec.gc[k + 1]!;
    if (typ === Ev.GCActive) {
      if (first) {
        if (gcState !== GC.Undetermined) return false;
        gcSeq = seq;
        gcState = GC.Running;
        continue;
      }
      if (seq !== gcSeq + 1 || gcState !== GC.Running) return false;
      gcSeq = seq;
    } else if (typ === Ev.GCBegin) {
      if (gcState === GC.Undetermined) { gcSeq = seq; gcState = GC.Running; continue; }
      if (seq !== gcSeq + 1 || gcState === GC.Running) return false;
      gcSeq = seq;
      gcState = GC.Running;
    } else {
      if (seq !== gcSeq + 1 || gcState !== GC.Running) return false;
      gcSeq = seq;
      gcState = GC.NotRunning;
    }
  }

  // Timestamps: Go makes every event strictly later than the one before, across generations.
  // The first events may move up to just after the previous generation's last; with a keep
  // filter their positions among all emitted events say where (ordinals).
  const prev0 = main.lastTs;
  const ord = r.ordinals;

  // ---- Merge: tables, contexts, patches, times. ----
  const out = main.out;
  const store = out.store;
  const c = r.chunk;
  for (const [x, v] of r.exactIds) store.exactIds.set(x, v);
  let strMap: number[] = r.strings.map((s) => out.internString(s));
  const frameMap = r.framePc.map((pc, f) => out.internFrameValues(pc, strMap[r.frameFunc[f]!]!, strMap[r.frameFile[f]!]!, r.frameLine[f]!));
  const stackMap = new Int32Array(r.stackStart.length);
  for (let k = 1; k < r.stackStart.length; k++) {
    const frames: number[] = [];
    for (let q = r.stackStart[k]!; q < r.stackEnd[k]!; q++) frames.push(frameMap[r.stackFrameIds[q]!]!);
    stackMap[k] = out.internStack(frames);
  }
  const resolve = (v: number, m: number, field: 'g' | 'p') => (v !== CARRIED ? v : field === 'g' ? carriedG(m) : carriedP(m));
  // Inherited contexts become the threads' real ones (entries of the chunk's own table).
  for (let k = 0; k < c.ctxG.length; k++) {
    const m = c.ctxM[k]!;
    const g0 = c.ctxG[k]!;
    const p0 = c.ctxP[k]!;
    c.ctxG[k] = resolve(g0, m, 'g');
    c.ctxP[k] = resolve(p0, m, 'p');
    // (A carried placeholder counts as an id past 2^53: the exact texts are redone.)
    if (c.ctxExact !== null && (g0 === CARRIED || p0 === CARRIED)) c.refreshCtx(k);
  }
  if (c.ctxExact !== null && c.ctxExact.size === 0) c.ctxExact = null; // (the printers' fast path)
  // GoStatus(syscall) of a goroutine on another, already known thread prints that goroutine.
  const ots = spec.otherThreadStatus;
  for (let k = 0; k < ots.length; k += 5) {
    const mid = ots[k + 1]!;
    if (!o.mStates.has(mid)) continue;
    const index = ots[k]!;
    const p = c.ctxP[c.ctx[index]!]!;
    const id = c.addCtx(ots[k + 2]!, p, mid); // first: it may widen the ctx column
    c.ctx[index] = id;
  }
  // Old states of goroutines and procs that existed before this generation.
  for (let k = 0; k < spec.goStatus.length; k += 3) {
    const status = spec.goStatus[k + 2]!;
    patchArg(c, spec.goStatus[k]!, 2, GO_STATUS_TO_STATE[status]! * 4294967296 + status);
  }
  for (let k = 0; k < spec.procStatus.length; k += 3) {
    const pid = spec.procStatus[k + 1]!;
    const old = o.pStates.has(pid) ? PROC_STATUS_TO_STATE[spec.procStatus[k + 2]!]! : ProcState.NotExist;
    patchArg(c, spec.procStatus[k]!, 2, old);
  }
  // Ends of tasks begun in an earlier generation get their parent and type.
  for (const t of taskPatches) {
    patchArg(c, t.index, 2, t.parent);
    strMap.push(out.internString(t.name));
    patchArg(c, t.index, 3, strMap.length - 1);
  }
  c.strMap = Int32Array.from(strMap);
  c.stackMap = stackMap;
  c.syncBase = store.syncs.length;
  for (const s of r.syncs) {
    main.syncs++;
    store.syncs.push({ ...s, n: main.syncs });
  }
  // (Times within the generation are strictly increasing, so time - position only grows: the
  // events that move are a prefix, each to prev0 + position + 1.)
  for (let i = 0; i < c.n; i++) {
    const j = ord === null ? i : ord[i]!;
    if (c.timeAt(i) - j > prev0) break;
    c.patchTime(i, prev0 + j + 1);
  }
  const added = ord === null ? c.n : r.added;
  const lastTime = ord === null ? c.timeAt(c.n - 1) : r.lastTime;
  main.lastTs = lastTime - (added - 1) > prev0 ? lastTime : prev0 + added;
  store.chunks.push(c);

  // ---- Fold the end state in. ----
  if (first) o.initialGen = r.gen;
  for (const g of spec.destroyed) o.gStates.delete(g);
  for (const [g, stack] of regionStacks) {
    const st = o.gStates.get(g);
    if (st) st.regions = stack;
  }
  for (const g of r.end.gStates) {
    const prior = o.gStates.get(g.id);
    const st = new GState(g.id, g.status, g.seqGen);
    st.seq = g.seq;
    st.regions = [...(prior?.regions ?? []), ...g.regions];
    st.inFlight = rangeRes.has(`g${g.id}`) || !prior ? g.inFlight : prior.inFlight;
    o.gStates.set(g.id, st);
  }
  for (const p of r.end.pStates) {
    const prior = o.pStates.get(p.id);
    const st = new PState(p.id, p.status, p.seqGen);
    st.seq = p.seq;
    st.inFlight = rangeRes.has(`p${p.id}`) || !prior ? p.inFlight : prior.inFlight;
    o.pStates.set(p.id, st);
  }
  for (const m of r.end.mStates) {
    const st = o.mStates.get(m.m) ?? new MState(m.m);
    const g = m.g === CARRIED ? carriedG(m.m) : m.g;
    const p = m.p === CARRIED ? carriedP(m.m) : m.p;
    st.g = g;
    st.p = p;
    o.mStates.set(m.m, st);
  }
  if (spec.gc.length > 0) {
    o.gcSeq = gcSeq;
    o.gcState = gcState;
  }
  o.activeTasks = tasks;
  return true;
}

/** Rewrites stored argument k of event i, which the speculative builder wrote 10 bytes wide. */
function patchArg(c: { args: Uint8Array; argOffset(i: number, k: number): number }, i: number, k: number, v: number): void {
  putUvarintPadded(c.args, c.argOffset(i, k), v + 1);
}

/**
 * Whether the merge's timestamp arithmetic (doubles) is exact for this generation: every time
 * involved stays a safe integer. Past 2^53 (parser/exact-time.ts) the generation is ordered again
 * sequentially, where int64 arithmetic is done exactly.
 */
function exactTimes(main: V2Reader, r: SpeculativeResult): boolean {
  const c = r.chunk!;
  if (main.lastTsX !== null || c.baseX !== null || c.timeX !== null) return false;
  const lim = Number.MAX_SAFE_INTEGER - 2 * (r.added + c.n) - 2;
  const first = c.n > 0 ? c.timeAt(0) : 0;
  const last = r.ordinals === null ? (c.n > 0 ? c.timeAt(c.n - 1) : 0) : r.lastTime;
  const prev = main.lastTs;
  return Math.abs(prev) <= lim && Math.abs(first) <= lim && Math.abs(last) <= lim && last >= first;
}
