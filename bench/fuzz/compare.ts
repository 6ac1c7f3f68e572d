// How the differential fuzzer judges one file: go tool trace's and prof-trace's `-d=parsed`
// output (byte for byte), exit status (0 or not) and first error line, and the decoded samples
// of the `-pprof` profiles (as multisets: Go writes them in map order). Each difference becomes
// a Finding whose class names the kind of difference, so that many files make one row.

import { decodeProfile, DecodedProfile } from '../../tests/support/decode-profile.js';
import type { RunResult } from './runners.js';

export interface Finding {
  /** The kind of difference, e.g. "prof-trace prints one more event before failing". */
  cls: string;
  /** Specifics of this file (the differing lines, the two messages). */
  detail: string;
}

const ok = (r: RunResult) => r.status === 0;
const statusText = (r: RunResult) => (typeof r.status === 'number' ? String(r.status) : r.status);

/** go tool trace's first stderr line (its multi-line errors dump the frontier in map order after it). */
export function goMessage(r: RunResult): string {
  return r.stderr.split('\n')[0]!.trim();
}

/** prof-trace's one-line message without its "prof-trace: " prefix. */
export function ourMessage(r: RunResult): string {
  const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('prof-trace: warning: '));
  return (lines[0] ?? '').replace(/^prof-trace: /, '').trim();
}

/** A message with its numbers and quoted details blanked, so that messages of one kind group together. */
export function normalize(msg: string): string {
  return msg
    .replace(/ \(trace damaged: .*\)$/, '')
    .replace(/\b(new|existing)=.*$/, '$1=…')
    .replace(/[\x00-\x1f\x7f]/g, '·')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/0x[0-9a-f]+/gi, 'N')
    .replace(/\d+/g, 'N')
    .slice(0, 120);
}

/** Class prefixes of findings that are not prof-trace mismatches: go tool trace's own bugs, and deliberate differences. */
export const GO_BUG = '[go bug] ';
export const DOCUMENTED = '[documented] ';
/** Whether a finding's class is a prof-trace mismatch (not go-side, documented or go's nondeterminism). */
export function isMismatch(cls: string): boolean {
  return !cls.startsWith(GO_BUG) && !cls.startsWith(DOCUMENTED) && !cls.startsWith('[go nondeterministic]');
}

export function isGoPanic(r: RunResult): boolean {
  return /^panic: |^fatal error: /m.test(r.stderr);
}

const isEvent = (l: string) => l.startsWith('M=');
const countEvents = (lines: string[]) => lines.reduce((n, l) => n + (isEvent(l) ? 1 : 0), 0);

function bucket(n: number): string {
  if (n === 1) return 'one';
  if (n < 10) return '2-9';
  if (n < 100) return '10-99';
  return '100+';
}

/** The event's kind word: the 4th token of "M=1 P=0 G=1 StateTransition Time=…". */
function eventKind(line: string): string {
  return line.split(' ')[3] ?? '?';
}

/** Key=value tokens of an event line (values may hold spaces inside braces: cut on top-level spaces). */
function fields(line: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let start = 0;
  const push = (tok: string) => {
    const eq = tok.indexOf('=');
    if (eq > 0) out.set(tok.slice(0, eq), tok.slice(eq + 1));
    else out.set(tok, '');
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ' ' && depth === 0) {
      push(line.slice(start, i));
      start = i + 1;
    }
  }
  push(line.slice(start));
  return out;
}

/** prof-trace printed a number that is go tool trace's uint64 rounded to a double. */
function roundedUint64(goLine: string, ourLine: string): boolean {
  const g = goLine.match(/\d+/g) ?? [];
  const o = ourLine.match(/\d+/g) ?? [];
  if (g.length !== o.length || goLine.replace(/\d+/g, '#') !== ourLine.replace(/\d+/g, '#')) return false;
  let rounded = false;
  for (let k = 0; k < g.length; k++) {
    if (g[k] === o[k]) continue;
    if (BigInt(g[k]!) > 2n ** 53n && String(Number(g[k])) === o[k]) rounded = true;
    else return false;
  }
  return rounded;
}

function firstByteDiff(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const line = a.lastIndexOf(10, i) + 1;
  return `first different byte at ${i}: go ${a.subarray(i, i + 8).toString('hex')}, prof-trace ${b.subarray(i, i + 8).toString('hex')}\n  go's line: ${JSON.stringify(a.subarray(line, a.indexOf(10, i)).toString('latin1'))}`;
}

const TIME_2_53 = 2n ** 53n;

/** Whether a line shows a time or number a double cannot hold (its Time= or any integer beyond 2^53). */
function hugeNumber(lines: string[]): 'time' | 'value' | null {
  let kind: 'time' | 'value' | null = null;
  for (const l of lines) {
    for (const m of l.matchAll(/(Time=)?(\d{16,})/g)) {
      if (BigInt(m[2]!) <= TIME_2_53) continue;
      if (m[1]) return 'time';
      kind = 'value';
    }
  }
  return kind;
}

function context(lines: string[], i: number): string {
  return lines
    .slice(Math.max(0, i - 2), i + 3)
    .map((l) => `    ${l.length > 300 ? l.slice(0, 300) + '…' : l}`)
    .join('\n');
}

/** Classifies a difference of two -d=parsed outputs (known to differ). */
export function diffParsedText(goText: string, ourText: string): Finding {
  const g = goText.split('\n');
  const o = ourText.split('\n');
  const ge = countEvents(g);
  const oe = countEvents(o);
  if (ourText.startsWith(goText)) {
    const extra = o.slice(g.length - 1);
    const n = countEvents(extra);
    const cls = n === 0 ? 'prof-trace prints extra non-event lines' : n === 1 ? 'prof-trace prints one more event than go tool trace' : `prof-trace prints ${bucket(n)} more events than go tool trace`;
    return { cls, detail: `go prints ${ge} events, prof-trace ${oe}; prof-trace's extra lines:\n${context(extra, 2).slice(0, 2000)}` };
  }
  if (goText.startsWith(ourText)) {
    const missing = g.slice(o.length - 1);
    const n = countEvents(missing);
    const cls = n === 1 ? 'prof-trace prints one event fewer than go tool trace' : `prof-trace prints ${bucket(n)} fewer events than go tool trace`;
    return { cls, detail: `go prints ${ge} events, prof-trace ${oe}; go's next lines:\n${context(missing, 2).slice(0, 2000)}` };
  }
  let i = 0;
  while (i < g.length && i < o.length && g[i] === o[i]) i++;
  const gl = g[i] ?? '';
  const ol = o[i] ?? '';
  const detail = `first difference at line ${i + 1} (go ${ge} events, prof-trace ${oe})\n  go:\n${context(g, i)}\n  prof-trace:\n${context(o, i)}`;
  // Markers of a number or string prof-trace cannot print as Go does.
  if (/\bundefined\b|\bNaN\b/.test(ol) && !/\bundefined\b|\bNaN\b/.test(gl)) return { cls: `prof-trace prints "undefined" or "NaN" (${eventKind(gl)})`, detail };
  if (/\d(\.\d+)?e[+-]\d+/.test(ol) && !/\de[+-]\d/.test(gl)) return { cls: `prof-trace prints a number in exponent notation (${eventKind(gl)})`, detail };
  if (/\\x[0-9a-f]{2}/.test(gl) && ol.includes('\ufffd')) return { cls: 'invalid UTF-8 in a quoted string: go tool trace escapes the bytes (\\xNN), prof-trace prints U+FFFD', detail };
  if (isEvent(gl) && isEvent(ol)) {
    if (roundedUint64(gl, ol)) return { cls: `uint64 value rounded (${eventKind(gl)}${/ Time=/.test(gl) && gl.replace(/ Time=\d+/, '') === ol.replace(/ Time=\d+/, '') ? ' Time' : ''})`, detail };
    // Times beyond what a double holds exactly change the events' order (Go's Time is an int64).
    const huge = hugeNumber([...g.slice(Math.max(0, i - 1), i + 8), ...o.slice(Math.max(0, i - 1), i + 8)]);
    if (huge === 'time') return { cls: 'events differ near a timestamp beyond 2^53', detail };
    if (huge === 'value') return { cls: `events differ near a number beyond 2^53 (${eventKind(gl)})`, detail };
    const gf = fields(gl);
    const of = fields(ol);
    const keys = [...new Set([...gf.keys(), ...of.keys()])].filter((k) => gf.get(k) !== of.get(k));
    return { cls: `event differs (${eventKind(gl)}${eventKind(gl) === eventKind(ol) ? '' : '/' + eventKind(ol)}: ${keys.slice(0, 4).join(',')})`, detail };
  }
  if (!isEvent(gl) && !isEvent(ol)) {
    if (roundedUint64(gl, ol)) return { cls: 'uint64 value rounded (a stack frame PC)', detail };
    return { cls: 'stack or continuation line differs', detail };
  }
  return { cls: 'event lines out of step (one side prints an event where the other prints a stack line)', detail };
}

/** Findings for one file's -d=parsed runs. */
export function compareParsed(go: RunResult, ours: RunResult): Finding[] {
  const out: Finding[] = [];
  if (ours.status === 'timeout') return [{ cls: 'prof-trace hangs (-d=parsed)', detail: `no answer in ${ours.ms.toFixed(0)} ms` }];
  if (go.status === 'timeout') return [{ cls: 'go tool trace hangs (-d=parsed)', detail: `no answer in ${go.ms.toFixed(0)} ms` }];
  if (ours.internal || ours.status === 'crash') {
    out.push({ cls: `prof-trace internal error (-d=parsed): ${normalize(ourMessage(ours))}`, detail: ours.internal ?? ours.stderr });
  }
  // go tool trace's own bug (fixtures/damaged/README.md): not a mismatch, as long as prof-trace fails cleanly.
  if (isGoPanic(go)) return [...out, { cls: `${GO_BUG}go tool trace panics (-d=parsed): ${normalize(goMessage(go))}`, detail: go.stderr.slice(0, 2000) }];
  if (ok(go) !== ok(ours)) {
    const why = ok(ours) ? goMessage(go) : ourMessage(ours);
    // A trace with no events after its header: prof-trace says so and exits 1 on purpose (README).
    const documented = ok(go) && go.stdout.equals(ours.stdout) && /trace holds no events/.test(ourMessage(ours));
    out.push({
      cls: `${documented ? DOCUMENTED : ''}exit status differs (go ${statusText(go)}, prof-trace ${statusText(ours)}): ${normalize(why)}`,
      detail: `go: exit ${statusText(go)} ${goMessage(go)}\nprof-trace: exit ${statusText(ours)} ${ourMessage(ours)}`,
    });
  }
  if (!go.stdout.equals(ours.stdout)) {
    const gt = go.stdout.toString('utf8');
    const ot = ours.stdout.toString('utf8');
    // Decoding replaced go's invalid UTF-8 with U+FFFD: then the two say the same but for those bytes.
    if (gt === ot) out.push({ cls: 'invalid UTF-8 in a string: prof-trace prints U+FFFD where go tool trace prints the raw bytes', detail: firstByteDiff(go.stdout, ours.stdout) });
    else out.push(diffParsedText(gt, ot));
  }
  if (!ok(go) && !ok(ours) && !ours.internal) {
    const e = errorTextFinding(goMessage(go), ourMessage(ours));
    if (e) out.push(e);
  }
  return out;
}

/** prof-trace keeps its message on one line: control characters in it are written \xNN. */
function unescape(msg: string): string {
  return msg.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Whether prof-trace's message says what go tool trace's first line says (it may add to it). */
export function sameError(goFirstLine: string, ours: string): boolean {
  return unescape(ours).startsWith(goFirstLine);
}

/** Two failures for different reasons, or for one reason told differently. */
function errorTextFinding(gm: string, om: string, what = ''): Finding | null {
  if (sameError(gm, om)) return null;
  const head = gm.split(':')[0]!;
  const detail = `${what}go: ${gm}\nprof-trace: ${om}`;
  const bare = om.replace(/ \(trace damaged: .*\)$/, '');
  if (roundedUint64(gm, bare)) return { cls: `uint64 value rounded (in the ${what ? '-pprof ' : ''}error message)`, detail };
  if (normalize(gm) === normalize(bare)) return { cls: `${what ? '-pprof: ' : ''}same error, other ids or numbers: "${normalize(gm)}"`, detail };
  if (head.length > 0 && unescape(om).startsWith(head)) return { cls: `${what ? '-pprof ' : ''}error details differ: go says "${normalize(gm)}"`, detail };
  return { cls: `${what ? '-pprof: ' : ''}different error: go "${normalize(gm)}", prof-trace "${normalize(om)}"`, detail };
}

function decoded(r: RunResult): DecodedProfile | string {
  try {
    return decodeProfile(r.stdout);
  } catch (e) {
    return (e as Error).message;
  }
}

/** Findings for one file's -pprof=TYPE runs. */
export function comparePprof(type: string, go: RunResult, ours: RunResult): Finding[] {
  if (ours.status === 'timeout') return [{ cls: 'prof-trace hangs (-pprof)', detail: `-pprof=${type}: no answer in ${ours.ms.toFixed(0)} ms` }];
  if (go.status === 'timeout') return [{ cls: 'go tool trace hangs (-pprof)', detail: `-pprof=${type}` }];
  const out: Finding[] = [];
  if (ours.internal || ours.status === 'crash') out.push({ cls: `prof-trace internal error (-pprof): ${normalize(ourMessage(ours))}`, detail: ours.internal ?? ours.stderr });
  if (isGoPanic(go)) return [...out, { cls: `${GO_BUG}go tool trace panics (-pprof): ${normalize(goMessage(go))}`, detail: go.stderr.slice(0, 2000) }];
  if (ok(go) !== ok(ours)) {
    const why = ok(ours) ? goMessage(go) : ourMessage(ours);
    out.push({
      cls: `-pprof exit status differs (go ${statusText(go)}, prof-trace ${statusText(ours)}): ${normalize(why)}`,
      detail: `-pprof=${type}\ngo: exit ${statusText(go)} ${goMessage(go)}\nprof-trace: exit ${statusText(ours)} ${ourMessage(ours)}`,
    });
    return out;
  }
  if (!ok(go)) {
    const e = errorTextFinding(goMessage(go), ourMessage(ours), `-pprof=${type}\n`);
    if (e) out.push(e);
    return out;
  }
  const gp = decoded(go);
  const op = decoded(ours);
  if (typeof op === 'string') return [...out, { cls: '-pprof: prof-trace writes an undecodable profile', detail: `-pprof=${type}: ${op}` }];
  if (typeof gp === 'string') return [...out, { cls: '-pprof: go tool trace writes an undecodable profile', detail: `-pprof=${type}: ${gp}` }];
  if (gp.periodType !== op.periodType || gp.period !== op.period || gp.sampleTypes.join() !== op.sampleTypes.join()) {
    out.push({ cls: '-pprof profile header differs', detail: `-pprof=${type}: go ${JSON.stringify([gp.sampleTypes, gp.periodType, gp.period])} prof-trace ${JSON.stringify([op.sampleTypes, op.periodType, op.period])}` });
  }
  const gs = [...gp.samples].sort();
  const os = [...op.samples].sort();
  if (gs.join('\0') === os.join('\0')) return out;
  const stacks = (s: string[]) => s.map((x) => x.slice(x.indexOf('\n') + 1)).sort().join('\0');
  const gset = new Map<string, number>();
  for (const s of gs) gset.set(s, (gset.get(s) ?? 0) + 1);
  const oset = new Map<string, number>();
  for (const s of os) oset.set(s, (oset.get(s) ?? 0) + 1);
  const onlyGo = gs.filter((s) => (oset.get(s) ?? 0) < (gset.get(s) ?? 0));
  const onlyOurs = os.filter((s) => (gset.get(s) ?? 0) < (oset.get(s) ?? 0));
  let cls: string;
  const big = (a: string[]) => a.some((x) => x.split('\n')[0]!.split(' ').some((v) => BigInt(v) > TIME_2_53));
  if (big(gs) || big(os)) cls = '-pprof samples differ near timestamps beyond 2^53';
  else if (stacks(gs) === stacks(os)) cls = '-pprof sample values differ (same stacks)';
  else if (onlyOurs.length === 0) cls = '-pprof: prof-trace misses samples';
  else if (onlyGo.length === 0) cls = '-pprof: prof-trace has extra samples';
  else cls = '-pprof samples differ';
  const show = (a: string[]) => [...new Set(a)].slice(0, 3).map((s) => s.split('\n').slice(0, 4).join(' | ')).join('\n    ');
  out.push({ cls, detail: `-pprof=${type}: go ${gs.length} samples, prof-trace ${os.length}\n  only go:\n    ${show(onlyGo)}\n  only prof-trace:\n    ${show(onlyOurs)}` });
  return out;
}

/** Whether two runs print the same and fail alike (for matching prof-trace against one of several go runs). */
export function sameOutcome(go: RunResult, ours: RunResult): boolean {
  return ok(go) === ok(ours) && go.stdout.equals(ours.stdout) && (ok(go) || sameError(goMessage(go), ourMessage(ours)));
}

/** The same lines in another order, and the same status: what go tool trace's map order changes. */
export function sameLinesAnyOrder(a: Buffer, b: Buffer): boolean {
  const sa = a.toString('utf8').split('\n').sort().join('\n');
  const sb = b.toString('utf8').split('\n').sort().join('\n');
  return sa === sb;
}
