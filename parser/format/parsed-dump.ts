// Prints events exactly as `go tool trace -d=parsed` does (Go's Event.String(), one per line).

import { Ev, SPECS, EXPERIMENTS } from '../wire/specs.js';
import { Chunk, EventStore, Kind, TYPE_KIND, KIND_NAMES, GO_STATE_NAMES, PROC_STATE_NAMES } from '../events.js';
import {
  Resource, RESOURCE_NAMES, eventStack, newTransition, readTransition, readRange, readTask, METRIC_NAMES,
  readRegion, readLog, readLabel,
} from '../event-details.js';
import { goQuote } from '../go/go-quote.js';
import { hasRawBytes, stringToBytes } from '../go/go-utf8.js';
import { formatRFC3339Nano } from './rfc3339.js';
import { inexact, pcHex, uidText } from '../exact-args.js';
import { timeText } from '../exact-time.js';

function scopeString(scope: Resource, id: string): string {
  return scope === Resource.None ? 'None' : `${RESOURCE_NAMES[scope]}(${id})`;
}

/** Transitions whose id is the executing context's (its G, or for ProcStop its P) rather than argument 0. */
const ID_FROM_CTX = new Uint8Array(256);
for (const t of [Ev.GoDestroy, Ev.GoDestroySyscall, Ev.GoStop, Ev.GoBlock, Ev.GoSyscallBegin, Ev.GoSyscallEnd, Ev.GoSyscallEndBlocked]) ID_FROM_CTX[t] = 1;
ID_FROM_CTX[Ev.ProcStop] = 2;
/** The same for a range's scope id: the G, but the P for sweeps, and argument 0 for the Active events that name it. */
const RANGE_ID_FROM = new Uint8Array(256).fill(1);
RANGE_ID_FROM[Ev.GCSweepBegin] = RANGE_ID_FROM[Ev.GCSweepEnd] = 2;
RANGE_ID_FROM[Ev.GCSweepActive] = RANGE_ID_FROM[Ev.GCMarkAssistActive] = 0;

/**
 * An id read out of event i (a transition's or a range scope's) as Go prints it: past 2^53 (rare)
 * re-read exactly, from the stored argument 0 or the context, as fromCtx says (0: argument).
 */
function idOf(c: Chunk, i: number, id: number, fromCtx: number): string {
  if (!inexact(id)) return String(id);
  return fromCtx === 0 ? c.argI64(i, 0) : c.ctxText(c.ctx[i]!, fromCtx === 1 ? 0 : 1);
}

export class ParsedPrinter {
  private t = newTransition();
  private stackCache = new Map<number, string>();
  constructor(private s: EventStore) {}

  private stackText(id: number): string {
    let txt = this.stackCache.get(id);
    if (txt === undefined) {
      const s = this.s;
      txt = '';
      for (const f of s.stackFrames(id)) {
        txt += `\t${s.strings[s.frameFunc[f]!]} @ 0x${pcHex(s.framePc[f]!, s.exactIds)}\n`;
        txt += `\t\t${s.strings[s.frameFile[f]!]}:${uidText(s.frameLine[f]!, s.exactIds)}\n`;
      }
      this.stackCache.set(id, txt);
    }
    return txt;
  }

  /** The text of event i of chunk c, without the trailing newline Println adds. */
  event(c: Chunk, i: number): string {
    const s = this.s;
    const typ = c.typ[i]!;
    const kind = TYPE_KIND[typ]! as Kind;
    const ctx = c.ctx[i]!;
    let out =
      c.ctxExact === null
        ? `M=${c.ctxM[ctx]} P=${c.ctxP[ctx]} G=${c.ctxG[ctx]} ${KIND_NAMES[kind]} Time=${c.timeText(i)}`
        : `M=${c.ctxText(ctx, 2)} P=${c.ctxText(ctx, 1)} G=${c.ctxText(ctx, 0)} ${KIND_NAMES[kind]} Time=${c.timeText(i)}`;
    switch (kind) {
      case Kind.Metric:
        out += ` Name=${goQuote(METRIC_NAMES[typ]!)} Value=Value{Uint64(${c.argU64(i, 0)})}`;
        break;
      case Kind.Label:
        out += ` Label=${goQuote(readLabel(s, c, i))} Resource=Goroutine(${c.ctxText(ctx, 0)})`;
        break;
      case Kind.RangeBegin:
      case Kind.RangeActive:
      case Kind.RangeEnd: {
        const r = readRange(s, c, i);
        out += ` Name=${goQuote(r.name)} Scope=${scopeString(r.scope, idOf(c, i, r.id, RANGE_ID_FROM[typ]!))}`;
        if (kind === Kind.RangeEnd) {
          out +=
            typ === Ev.GCSweepEnd
              ? ` Attributes=["bytes swept"=Value{Uint64(${c.argU64(i, 0)})} "bytes reclaimed"=Value{Uint64(${c.argU64(i, 1)})}]`
              : ' Attributes=[]';
        }
        break;
      }
      case Kind.TaskBegin:
      case Kind.TaskEnd: {
        const t = readTask(s, c, i);
        // (IDs read again exactly: they may pass 2^53.)
        const parent = c.argU64(i, typ === Ev.UserTaskBegin ? 1 : 2);
        out += ` ID=${c.argU64(i, 0)} Parent=${parent} Type=${goQuote(t.type)}`;
        break;
      }
      case Kind.RegionBegin:
      case Kind.RegionEnd:
      {
        const r = readRegion(s, c, i);
        out += ` Task=${c.argU64(i, 0)} Type=${goQuote(r.type)}`;
      }
        break;
      case Kind.Log:
      {
        const l = readLog(s, c, i);
        out += ` Task=${c.argU64(i, 0)} Category=${goQuote(l.category)} Message=${goQuote(l.message)}`;
      }
        break;
      case Kind.StateTransition: {
        const t = this.t;
        readTransition(s, c, i, t);
        const id = idOf(c, i, t.id, ID_FROM_CTX[typ]!);
        if (t.resource === Resource.Goroutine) {
          out += ` GoID=${id} ${GO_STATE_NAMES[t.from]}->${GO_STATE_NAMES[t.to]}`;
        } else if (t.resource === Resource.Proc) {
          out += ` ProcID=${id} ${PROC_STATE_NAMES[t.from]}->${PROC_STATE_NAMES[t.to]}`;
        }
        out += ` Reason=${goQuote(s.strings[t.reason]!)}`;
        if (t.stack !== 0 || t.hasStack) out += '\nTransitionStack=\n' + (t.stack !== 0 ? this.stackText(t.stack) : '');
        break;
      }
      case Kind.Experimental: {
        const spec = SPECS[typ]!;
        const names = spec.args.slice(1);
        out += ` Name=${spec.name} Args=[`;
        out += names
          .map((a, k) => `${a}=${a.endsWith('string') ? s.strings[c.str(c.arg(i, k))] : `Value{Uint64(${c.argU64(i, k)})}`}`)
          .join(', ');
        out += ']';
        void EXPERIMENTS;
        break;
      }
      case Kind.Sync: {
        const info = s.syncs[c.sync(c.arg(i, 0))]!;
        out += ` N=${info.n}`;
        if (info.clockTrace !== null) {
          out += ` Trace=${timeText(info.clockTrace, null)} Mono=${info.mono} Wall=${formatRFC3339Nano(info.sec, info.nsec)}`;
        }
        break;
      }
    }
    const stk = eventStack(c, i);
    // A CPU sample always has a stack in Go's model, even an empty one.
    if (stk !== 0 || typ === Ev.CPUSample) out += '\nStack=\n' + (stk !== 0 ? this.stackText(stk) : '');
    return out;
  }
}

/**
 * Writes the whole -d=parsed dump of a store through write (called with large pieces). Strings
 * with invalid UTF-8 print as their raw bytes, as Go's do: when the store has any, pieces that
 * hold them go through writeBytes (as bytes) if it is given.
 */
export function dumpParsed(s: EventStore, write: (text: string) => void, writeBytes?: (bytes: Uint8Array) => void): void {
  const p = new ParsedPrinter(s);
  const raw = writeBytes !== undefined && s.strings.some(hasRawBytes);
  const flush = (text: string) => (raw && hasRawBytes(text) ? writeBytes!(stringToBytes(text)) : write(text));
  let buf = '';
  for (const c of s.chunks) {
    for (let i = 0; i < c.n; i++) {
      buf += p.event(c, i) + '\n';
      if (buf.length > 1 << 16) {
        flush(buf);
        buf = '';
      }
    }
  }
  if (buf) flush(buf);
}
