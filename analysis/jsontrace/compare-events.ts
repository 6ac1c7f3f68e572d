// Compares two trace-event JSON documents (go tool trace's /jsontrace and ours) as multisets of
// events: phase, name, pid, tid, ts and dur to the nanosecond, args, id, scope, category, color,
// and the stacks that "sf"/"esf" name, compared by their frames' text (frame ids may differ).

export interface TraceDoc {
  traceEvents: Record<string, unknown>[];
  stackFrames?: Record<string, { name: string; parent?: number }>;
}

export interface EventDiff {
  /** Events of a (go tool trace) missing from b (ours), as canonical keys, with counts. */
  missing: [string, number][];
  /** Events of b not in a. */
  extra: [string, number][];
  countA: number;
  countB: number;
}

/** The frames of a stack node, leaf first, as "func:line" texts joined by " < ". */
function stackText(frames: TraceDoc['stackFrames'], id: unknown): string {
  if (typeof id !== 'number' || id === 0) return '';
  const names: string[] = [];
  let cur: number | undefined = id;
  let guard = 0;
  while (cur !== undefined && cur !== 0 && guard++ < 10_000) {
    const f: { name: string; parent?: number } | undefined = frames?.[String(cur)];
    if (f === undefined) {
      names.push(`<missing frame ${cur}>`);
      break;
    }
    names.push(f.name);
    cur = f.parent;
  }
  return names.join(' < ');
}

/** ns from the viewer's µs (both sides format the same float64, so rounding only undoes the division). */
function ns(v: unknown): number | null {
  return typeof v === 'number' ? Math.round(v * 1000) : null;
}

/** The canonical text of an event (keys in a fixed order; stacks by content). */
export function eventKey(doc: TraceDoc, ev: Record<string, unknown>, withIds = true): string {
  const k: unknown[] = [
    ev.ph,
    ev.name,
    ev.pid,
    ev.tid,
    ns(ev.ts),
    ns(ev.dur ?? 0),
    ev.args ?? null,
    withIds ? (ev.id ?? null) : null,
    ev.s ?? null,
    ev.cat ?? null,
    ev.cname ?? null,
    stackText(doc.stackFrames, ev.sf),
    stackText(doc.stackFrames, ev.esf),
  ];
  return JSON.stringify(k);
}

function multiset(doc: TraceDoc, withIds: boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (const ev of doc.traceEvents) {
    const key = eventKey(doc, ev, withIds);
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/** The difference of two documents' event multisets (empty lists: equal). */
export function compareTraceEvents(a: TraceDoc, b: TraceDoc, withIds = true): EventDiff {
  const ma = multiset(a, withIds);
  const mb = multiset(b, withIds);
  const missing: [string, number][] = [];
  const extra: [string, number][] = [];
  for (const [k, n] of ma) {
    const d = n - (mb.get(k) ?? 0);
    if (d > 0) missing.push([k, d]);
  }
  for (const [k, n] of mb) {
    const d = n - (ma.get(k) ?? 0);
    if (d > 0) extra.push([k, d]);
  }
  return { missing, extra, countA: a.traceEvents.length, countB: b.traceEvents.length };
}

/** A short report of a difference (first few events each way). */
export function describeDiff(d: EventDiff, max = 8): string {
  const lines = [`go tool trace: ${d.countA} events, ours: ${d.countB}; ${d.missing.length} kinds missing, ${d.extra.length} extra`];
  for (const [k, n] of d.missing.slice(0, max)) lines.push(`  missing ×${n}: ${k}`);
  for (const [k, n] of d.extra.slice(0, max)) lines.push(`  extra   ×${n}: ${k}`);
  return lines.join('\n');
}
