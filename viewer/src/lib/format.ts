// Number formatting shared by every page: durations (compact and Go's exact Duration.String),
// bytes, counts, percentages, frames.
import type { Frame } from '../../../api/types.js';

/** Compact duration with three significant digits: "12.3 ms", "850 ns", "2.01 s". */
export function dur(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return '—';
  const a = Math.abs(ns);
  if (a < 1e3) return `${Math.round(ns)} ns`;
  const [d, u] = a < 1e6 ? [1e3, 'µs'] : a < 1e9 ? [1e6, 'ms'] : a < 60e9 ? [1e9, 's'] : [60e9, 'min'];
  const v = ns / d;
  return `${Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)} ${u}`;
}

function trimFrac(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Go's time.Duration.String ("1.234567ms", "1m2.311478s", "0s"). */
export function goDur(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(Math.round(ns));
  let out: string;
  if (u < 1e3) out = `${u}ns`;
  else if (u < 1e6) out = `${trimFrac((u / 1e3).toFixed(3))}µs`;
  else if (u < 1e9) out = `${trimFrac((u / 1e6).toFixed(6))}ms`;
  else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    const s = trimFrac((u / 1e9).toFixed(9)) + 's';
    out = h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s;
  }
  return neg ? '-' + out : out;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function frameText(f: Frame): string {
  return `${f.func} ${shortFile(f.file)}:${f.line}`;
}

export function shortFile(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts.slice(-2).join('/') : file;
}

/** Parses a duration given as ns ("123") or Go syntax ("1.5ms", "2s"). */
export function parseDur(s: string | null): number | null {
  if (!s) return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const mult: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  let m: RegExpExecArray | null;
  let matched = false;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * mult[m[2]!]!;
    matched = true;
  }
  return matched ? total : null;
}
