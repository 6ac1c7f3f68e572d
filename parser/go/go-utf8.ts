// UTF-8 decoding and white space exactly as Go sees them (utf8.DecodeRune,
// unicode.IsSpace): each invalid byte decodes on its own to U+FFFD with size 1,
// which differs from TextDecoder's replacement of whole maximal subparts.

export const RUNE_ERROR = 0xfffd;

/**
 * Decodes the rune at buf[pos] (reading no further than `end`) like Go's
 * utf8.DecodeRune. Returns `rune * 8 + size` so callers can avoid allocating:
 * use runeOf / sizeOf on the result. At pos >= end it returns RUNE_ERROR with size 0.
 */
export function decodeRune(buf: Uint8Array, pos: number, end: number = buf.length): number {
  if (pos >= end) return RUNE_ERROR * 8;
  const b0 = buf[pos];
  if (b0 < 0x80) return b0 * 8 + 1;
  let size: number;
  let lo = 0x80;
  let hi = 0xbf;
  let r: number;
  if (b0 < 0xc2) return RUNE_ERROR * 8 + 1;
  if (b0 < 0xe0) {
    size = 2;
    r = b0 & 0x1f;
  } else if (b0 < 0xf0) {
    size = 3;
    r = b0 & 0x0f;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f; // no surrogates
  } else if (b0 < 0xf5) {
    size = 4;
    r = b0 & 0x07;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f; // nothing above U+10FFFF
  } else {
    return RUNE_ERROR * 8 + 1;
  }
  if (pos + size > end) return RUNE_ERROR * 8 + 1;
  const b1 = buf[pos + 1];
  if (b1 < lo || b1 > hi) return RUNE_ERROR * 8 + 1;
  r = (r << 6) | (b1 & 0x3f);
  for (let i = 2; i < size; i++) {
    const b = buf[pos + i];
    if (b < 0x80 || b > 0xbf) return RUNE_ERROR * 8 + 1;
    r = (r << 6) | (b & 0x3f);
  }
  return r * 8 + size;
}

/** The rune of a decodeRune result. */
export function runeOf(decoded: number): number {
  return Math.floor(decoded / 8);
}

/** The byte length of a decodeRune result (0 only at the end of input). */
export function sizeOf(decoded: number): number {
  return decoded & 7;
}

/** Go's unicode.IsSpace (the Unicode White_Space property); fmt's scanner uses the same set. */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return (
    r === 0x1680 ||
    (r >= 0x2000 && r <= 0x200a) ||
    r === 0x2028 ||
    r === 0x2029 ||
    r === 0x202f ||
    r === 0x205f ||
    r === 0x3000
  );
}

/** Whether r is a Unicode scalar value (utf8.ValidRune). */
export function validRune(r: number): boolean {
  return (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= 0x10ffff);
}

/** Appends the UTF-8 encoding of rune r (utf8.AppendRune; invalid runes become U+FFFD). */
export function appendRune(out: number[], r: number): void {
  if (!validRune(r)) r = RUNE_ERROR;
  if (r < 0x80) out.push(r);
  else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  else out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

/** Whether buf[start:end] is entirely valid UTF-8 (utf8.Valid). */
export function validUTF8(buf: Uint8Array, start = 0, end = buf.length): boolean {
  let i = start;
  while (i < end) {
    if (buf[i] < 0x80) {
      i++;
      continue;
    }
    const d = decodeRune(buf, i, end);
    if ((d & 7) === 1) return false; // a non-ASCII rune of size 1 is always an error
    i += d & 7;
  }
  return true;
}

/** strings.TrimSpace as a range: data[start:end] without leading and trailing Unicode white space. */
export function trimSpaceRange(data: Uint8Array, start: number, end: number): [number, number] {
  while (start < end) {
    const d = decodeRune(data, start, end);
    if (!isSpace(Math.floor(d / 8))) break;
    start += d & 7;
  }
  while (end > start) {
    // The last rune (utf8.DecodeLastRune): back up to its first byte, at most 3 bytes.
    let k = end - 1;
    while (k > start && end - k < 4 && (data[k] & 0xc0) === 0x80) k--;
    const d = decodeRune(data, k, end);
    if ((d & 7) !== end - k || !isSpace(Math.floor(d / 8))) break;
    end = k;
  }
  return [start, end];
}

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Bytes → JS string (invalid sequences become U+FFFD; only for names and messages). */
export function bytesToString(buf: Uint8Array, start = 0, end = buf.length): string {
  return utf8Decoder.decode(buf.subarray(start, end));
}

/**
 * Trace strings are Go strings: bytes, not always valid UTF-8. In a JS string, each byte of an
 * invalid sequence is kept as a lone surrogate U+DC80–U+DCFF (which valid UTF-8 never decodes
 * to), so that printing can give Go's bytes back: stringToBytes writes them as the raw bytes,
 * goQuote as \xNN. Elsewhere they show as U+FFFD (one per byte, as Go's encoding/json writes).
 */
const RAW_BYTE = /[\udc80-\udcff]/u;

/** Whether s holds bytes of invalid UTF-8 (decodeGoString). */
export function hasRawBytes(s: string): boolean {
  return RAW_BYTE.test(s);
}

/** JS string → the bytes it stands for: UTF-8, and the raw bytes decodeGoString kept. */
export function stringToBytes(s: string): Uint8Array {
  if (!hasRawBytes(s)) return utf8Encoder.encode(s);
  const out: number[] = [];
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r >= 0xdc80 && r <= 0xdcff) out.push(r - 0xdc00);
    else appendRune(out, r);
  }
  return Uint8Array.from(out);
}

/** A trace string's bytes as a JS string: ASCII fast path, else UTF-8 with invalid bytes kept (see hasRawBytes). */
export function decodeGoString(b: Uint8Array): string {
  if (b.length <= 256) {
    let ascii = true;
    for (let i = 0; i < b.length; i++) {
      if (b[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, b as unknown as number[]);
  }
  if (validUTF8(b)) return utf8Decoder.decode(b);
  let s = '';
  for (let i = 0; i < b.length; ) {
    const d = decodeRune(b, i);
    const size = d & 7;
    if (size === 1 && b[i]! >= 0x80) s += String.fromCharCode(0xdc00 + b[i]!);
    else s += String.fromCodePoint(Math.floor(d / 8));
    i += size;
  }
  return s;
}
