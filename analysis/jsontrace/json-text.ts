// JSON text exactly as Go's encoding/json writes it for the trace viewer's data: strings with
// Go's escaping (HTML-sensitive characters and U+2028/U+2029 escaped), numbers in the shortest
// round-trip form, unsigned 64-bit ids (a "none" id of -1 is 2^64-1 on Go's side).

const SAFE = /^[^"\\\u0000-\u001f<>&\u2028\u2029]*$/;

/** A string as a JSON string literal, escaped as Go's encoder escapes it. */
export function jsonString(s: string): string {
  if (SAFE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
    }
    if (ch < 0x20 || ch === 0x3c || ch === 0x3e || ch === 0x26 || ch === 0x2028 || ch === 0x2029) {
      out += '\\u' + ch.toString(16).padStart(4, '0');
    } else {
      out += s[i];
    }
  }
  return out + '"';
}

const U64_MOD = 18446744073709551616n;

/** An unsigned 64-bit integer field: non-negative ids as they are, negatives wrapped (-1 = 2^64-1). */
export function u64(v: number): string {
  if (v >= 0) return String(v);
  return (U64_MOD + BigInt(v)).toString();
}

/**
 * Nanoseconds as the viewer's microseconds (float64 ns / 1000, Go's viewerTime), formatted as
 * Go's encoder formats a float64: shortest round-trip digits, exponent only below 1e-6 or from 1e21.
 */
export function micros(ns: number): string {
  // Integer ns below 1e15: ns / 1000 has at most 15 significant digits, and distinct decimals of
  // at most 15 digits are distinct float64s, so the shortest round-trip text is the exact decimal.
  if (Number.isInteger(ns) && !Object.is(ns, -0) && ns > -1e15 && ns < 1e15) {
    const neg = ns < 0;
    const a = neg ? -ns : ns;
    const int = Math.floor(a / 1000);
    const frac = a - int * 1000;
    let out = String(int);
    if (frac !== 0) out += frac % 100 === 0 ? `.${frac / 100}` : frac % 10 === 0 ? `.${String(frac / 10).padStart(2, '0')}` : `.${String(frac).padStart(3, '0')}`;
    return neg && a !== 0 ? '-' + out : out;
  }
  return floatText(ns / 1000);
}

/** A float64 as Go's encoding/json writes it (ES6 number formatting, "e-07" written "e-7"). */
export function floatText(x: number): string {
  if (Object.is(x, -0)) return '-0';
  return String(x);
}
