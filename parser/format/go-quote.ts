// Go's strconv.Quote (what fmt's %q prints for a string): escapes quotes, backslashes,
// control and non-printable characters the way Go does.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function goQuote(s: string): string {
  let out = '"';
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return out + s + '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x22 || r === 0x5c) {
      out += '\\' + ch;
      continue;
    }
    if (r < 0x80 ? r >= 0x20 && r < 0x7f : PRINTABLE.test(ch)) {
      out += ch;
      continue;
    }
    switch (r) {
      case 0x07:
        out += '\\a';
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
      case 0x0b:
        out += '\\v';
        continue;
    }
    if (r < 0x20 || r === 0x7f) out += '\\x' + hex(r, 2);
    else if (r >= 0xd800 && r <= 0xdfff) out += '\\ufffd';
    else if (r < 0x10000) out += '\\u' + hex(r, 4);
    else out += '\\U' + hex(r, 8);
  }
  return out + '"';
}

function hex(v: number, width: number): string {
  return v.toString(16).padStart(width, '0');
}
