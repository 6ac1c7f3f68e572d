// Go's strconv.Quote and strconv.Unquote over raw bytes: how Go prints string
// data (trace dumps, %q in error messages) and parses quoted strings (the text
// trace format, expectation patterns).

import { goIsPrint } from './go-isprint.js';
import { appendRune, decodeRune, RUNE_ERROR, stringToBytes, validRune, validUTF8 } from './go-utf8.js';

const HEX = '0123456789abcdef';

function hex(v: number, digits: number): string {
  let s = '';
  for (let i = digits - 1; i >= 0; i--) s += HEX[Math.floor(v / 16 ** i) % 16];
  return s;
}

/**
 * strconv.Quote of a byte string: a double-quoted Go string literal; invalid
 * UTF-8 bytes become \xNN, non-printable runes \a..\v, \xNN, \uNNNN or \UNNNNNNNN.
 */
export function goQuoteBytes(buf: Uint8Array, start = 0, end = buf.length): string {
  let out = '"';
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      if (b >= 0x20 && b < 0x7f) {
        out += b === 0x22 || b === 0x5c ? '\\' + String.fromCharCode(b) : String.fromCharCode(b);
      } else {
        out += escapeControl(b);
      }
      continue;
    }
    const d = decodeRune(buf, i, end);
    const size = d & 7;
    const r = Math.floor(d / 8);
    if (size === 1) {
      // RuneError of width 1: an invalid byte.
      out += '\\x' + hex(b, 2);
      i++;
      continue;
    }
    i += size;
    if (goIsPrint(r)) out += String.fromCodePoint(r);
    else if (r < 0x10000) out += '\\u' + hex(r, 4);
    else out += '\\U' + hex(r, 8);
  }
  return out + '"';
}

function escapeControl(b: number): string {
  switch (b) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
    default: return '\\x' + hex(b, 2);
  }
}

/** strconv.Quote of a JS string (taken as its UTF-8 bytes), e.g. for %q in messages. */
export function goQuote(s: string): string {
  return goQuoteBytes(stringToBytes(s));
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * strconv.Unquote of buf[start:end]: accepts "double-quoted" (with Go escapes),
 * `raw` (carriage returns dropped) and 'c' (a single character) literals.
 * Returns the unquoted bytes, or null where Go returns ErrSyntax ("invalid syntax").
 */
export function goUnquoteBytes(buf: Uint8Array, start = 0, end = buf.length): Uint8Array | null {
  if (end - start < 2) return null;
  const quote = buf[start];
  // Position of the first matching quote after the opening one.
  let close = -1;
  for (let i = start + 1; i < end; i++) {
    if (buf[i] === quote) {
      close = i;
      break;
    }
  }
  if (close < 0) return null;

  if (quote === 0x60) {
    // Raw string: nothing may follow the closing backquote.
    if (close + 1 !== end) return null;
    const out: number[] = [];
    for (let i = start + 1; i < close; i++) if (buf[i] !== 0x0d) out.push(buf[i]);
    return Uint8Array.from(out);
  }
  if (quote !== 0x22 && quote !== 0x27) return null;

  // Fast path: no escapes and no newline up to the first closing quote.
  let plain = true;
  for (let i = start; i <= close; i++) {
    if (buf[i] === BACKSLASH || buf[i] === NEWLINE) {
      plain = false;
      break;
    }
  }
  if (plain) {
    let valid: boolean;
    if (quote === 0x22) {
      valid = validUTF8(buf, start + 1, close);
    } else {
      const d = decodeRune(buf, start + 1, close);
      const size = d & 7;
      valid = size + 2 === close + 1 - start && !(Math.floor(d / 8) === RUNE_ERROR && size === 1);
    }
    if (valid) return close + 1 === end ? buf.slice(start + 1, close) : null;
  }

  // General path: decode character by character.
  const out: number[] = [];
  let i = start + 1;
  while (i < end && buf[i] !== quote) {
    if (buf[i] === NEWLINE) return null;
    const next = unquoteChar(buf, i, end, quote, out);
    if (next < 0) return null;
    i = next;
    if (quote === 0x27) break; // a character literal holds exactly one character
  }
  if (!(i < end && buf[i] === quote)) return null;
  if (i + 1 !== end) return null; // text after the closing quote
  return Uint8Array.from(out);
}

/**
 * strconv.UnquoteChar: decodes one (possibly escaped) character at buf[i], appends
 * its bytes to `out` and returns the next position, or -1 on a syntax error.
 */
function unquoteChar(buf: Uint8Array, i: number, end: number, quote: number, out: number[]): number {
  const c = buf[i];
  if (c === quote) return -1;
  if (c >= 0x80) {
    const d = decodeRune(buf, i, end);
    appendRune(out, Math.floor(d / 8)); // an invalid byte becomes U+FFFD
    return i + (d & 7);
  }
  if (c !== BACKSLASH) {
    out.push(c);
    return i + 1;
  }
  if (end - i <= 1) return -1;
  const e = buf[i + 1];
  i += 2;
  switch (e) {
    case 0x61: out.push(0x07); return i; // \a
    case 0x62: out.push(0x08); return i; // \b
    case 0x66: out.push(0x0c); return i; // \f
    case 0x6e: out.push(0x0a); return i; // \n
    case 0x72: out.push(0x0d); return i; // \r
    case 0x74: out.push(0x09); return i; // \t
    case 0x76: out.push(0x0b); return i; // \v
    case 0x5c: out.push(0x5c); return i; // \\
    case 0x27:
    case 0x22:
      if (e !== quote) return -1;
      out.push(e);
      return i;
    case 0x78: // \xNN: one byte, possibly not UTF-8
    case 0x75: // \uNNNN
    case 0x55: { // \UNNNNNNNN
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (end - i < n) return -1;
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = unhex(buf[i + j]);
        if (x < 0) return -1;
        v = v * 16 + x;
      }
      i += n;
      if (e === 0x78) {
        out.push(v);
        return i;
      }
      if (!validRune(v)) return -1;
      appendRune(out, v);
      return i;
    }
    default:
      if (e >= 0x30 && e <= 0x37) {
        // \OOO: three octal digits, at most 255.
        if (end - i < 2) return -1;
        let v = e - 0x30;
        for (let j = 0; j < 2; j++) {
          const x = buf[i + j] - 0x30;
          if (x < 0 || x > 7) return -1;
          v = v * 8 + x;
        }
        if (v > 255) return -1;
        out.push(v);
        return i + 2;
      }
      return -1;
  }
}

/** strconv.Unquote of a JS string; returns the unquoted UTF-8 bytes or null ("invalid syntax"). */
export function goUnquote(s: string): Uint8Array | null {
  return goUnquoteBytes(stringToBytes(s));
}
