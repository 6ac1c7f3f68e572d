// The text of go tool trace's /usertask page: event times ("%2.9f" seconds since the trace
// start), elapsed times with blanked leading zeros, and the millisecond bounds of its links.

import { goFixed } from './go-fixed.js';

/** Go's Duration.Seconds(): whole seconds plus the fraction, as float64. */
export function goSeconds(ns: number): number {
  const sec = Math.trunc(ns / 1e9);
  return sec + (ns - sec * 1e9) / 1e9;
}

/** fmt.Sprintf("%2.9f", d.Seconds()): the When column (tasks add an "s"). */
export function whenString(ns: number): string {
  return goFixed(goSeconds(ns), 9);
}

/** cmd/trace's elapsed(): "%.9f" seconds, for sub-second values with the zeros before the first digit blanked. */
export function elapsedString(ns: number): string {
  const b = goFixed(goSeconds(ns), 9).split('');
  if (ns < 1e9) {
    const dot = b.indexOf('.');
    for (let i = 0; i < dot; i++) b[i] = ' ';
    for (let i = dot + 1; i < b.length; i++) {
      if (b[i] !== '0') break;
      b[i] = ' ';
    }
  }
  return b.join('');
}

/** fmt's %v of a float64 (strconv 'g', shortest): exponent form below 1e-4 and from 1e6. */
export function goFloatV(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const e = String(Math.abs(exp)).padStart(2, '0');
    return `${mant}e${sign}${e}`;
  }
  // Shortest digits in plain notation; JavaScript agrees with Go on this range.
  return String(x);
}

/** cmd/trace's asMillisecond, printed as the page's links print it. */
export function millisString(ns: number): string {
  return goFloatV(ns / 1e6);
}
