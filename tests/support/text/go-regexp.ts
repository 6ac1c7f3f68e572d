// Translates a Go (RE2) regular expression into an equivalent JS RegExp for
// matching error messages. Covers the common syntax exactly (literals, '.',
// classes incl. [:posix:], \d \w \s with Go's ASCII meaning, anchors, groups,
// repetitions, (?ims) flags at the start, \Q..\E); anything else is rejected
// rather than silently translated into something with a different meaning.

export class GoRegexpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoRegexpError';
  }
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

// Perl classes, with Go's ASCII-only meaning, as class contents.
const PERL: Record<string, string> = { d: '0-9', w: '0-9A-Za-z_', s: '\\t\\n\\f\\r ' };

// Characters that must be escaped to be literal in a JS /u pattern, outside and inside classes.
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const JS_CLASS_SYNTAX = new Set('\\]^-['.split(''));

function literal(ch: string, inClass: boolean): string {
  if (inClass ? JS_CLASS_SYNTAX.has(ch) : JS_SYNTAX.has(ch)) return '\\' + ch;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  return ch;
}

function isWordChar(ch: string): boolean {
  return /[0-9A-Za-z_]/.test(ch);
}

/**
 * Compiles Go regexp syntax into a JS RegExp with the same matches (as used by
 * regexp.MatchString: an unanchored search). Throws GoRegexpError for syntax
 * that is invalid in Go or not supported here.
 */
export function compileGoRegexp(pattern: string): RegExp {
  const chars = Array.from(pattern); // by code point
  let i = 0;
  let flags = 'u';
  let multiline = false;
  let dotAll = false;

  // Leading flag groups: (?i), (?s), (?m), (?is) ...
  for (;;) {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(chars.slice(i).join(''));
    if (!m) break;
    for (const f of m[1]) {
      if (f === 'i') flags += flags.includes('i') ? '' : 'i';
      else if (f === 'm') multiline = true;
      else if (f === 's') dotAll = true;
      else throw new GoRegexpError(`unsupported flag (?${f}) in ${JSON.stringify(pattern)}`);
    }
    i += Array.from(m[0]).length;
  }

  let out = '';
  let depth = 0;
  while (i < chars.length) {
    const ch = chars[i++];
    switch (ch) {
      case '\\': {
        const [text, next] = translateEscape(chars, i, false, pattern);
        out += text;
        i = next;
        break;
      }
      case '.':
        out += dotAll ? '[\\s\\S]' : '[^\\n]';
        break;
      case '^':
        out += multiline ? '(?<![^\\n])' : '^';
        break;
      case '$':
        out += multiline ? '(?![^\\n])' : '$';
        break;
      case '[': {
        const [text, next] = translateClass(chars, i, pattern);
        out += text;
        i = next;
        break;
      }
      case '(': {
        if (chars[i] === '?') {
          const rest = chars.slice(i).join('');
          const named = /^\?P?<([A-Za-z0-9_]+)>/.exec(rest);
          if (rest.startsWith('?:')) {
            out += '(?:';
            i += 2;
          } else if (named) {
            out += `(?<${named[1]}>`;
            i += Array.from(named[0]).length;
          } else {
            throw new GoRegexpError(`unsupported group syntax in ${JSON.stringify(pattern)}`);
          }
        } else {
          out += '(';
        }
        depth++;
        break;
      }
      case ')':
        if (depth === 0) throw new GoRegexpError(`unexpected ) in ${JSON.stringify(pattern)}`);
        depth--;
        out += ')';
        break;
      case '{': {
        // A repetition {n}, {n,} or {n,m}; otherwise a literal brace (as in Go).
        const m = /^(\d+)(,(\d*))?\}/.exec(chars.slice(i).join(''));
        if (m) {
          const lo = Number(m[1]);
          const hi = m[3] === undefined ? lo : m[3] === '' ? lo : Number(m[3]);
          if (lo > 1000 || hi > 1000 || hi < lo) throw new GoRegexpError(`invalid repeat count in ${JSON.stringify(pattern)}`);
          out += '{' + m[0];
          i += m[0].length;
        } else {
          out += '\\{';
        }
        break;
      }
      case '*':
      case '+':
      case '?':
      case '|':
        out += ch;
        break;
      default:
        out += literal(ch, false);
    }
  }
  if (depth !== 0) throw new GoRegexpError(`missing closing ) in ${JSON.stringify(pattern)}`);
  try {
    return new RegExp(out, flags);
  } catch (e) {
    throw new GoRegexpError(`invalid regexp ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}

/** Translates the escape after a backslash at chars[i]; returns the JS text and the next index. */
function translateEscape(chars: string[], i: number, inClass: boolean, pattern: string): [string, number] {
  if (i >= chars.length) throw new GoRegexpError(`trailing backslash in ${JSON.stringify(pattern)}`);
  const c = chars[i++];
  switch (c) {
    case 'd':
    case 'w':
    case 's':
      return [inClass ? PERL[c] : `[${PERL[c]}]`, i];
    case 'D':
    case 'W':
    case 'S':
      // (Inside classes these are handled by translateClass.)
      return [`[^${PERL[c.toLowerCase()]}]`, i];
    case 'b':
    case 'B':
      if (inClass) throw new GoRegexpError(`invalid escape \\${c} in a class in ${JSON.stringify(pattern)}`);
      return ['\\' + c, i];
    case 'A':
      if (inClass) break;
      return ['(?<![\\s\\S])', i];
    case 'z':
      if (inClass) break;
      return ['(?![\\s\\S])', i];
    case 'a':
      return ['\\x07', i];
    case 'f':
      return ['\\f', i];
    case 't':
      return ['\\t', i];
    case 'n':
      return ['\\n', i];
    case 'r':
      return ['\\r', i];
    case 'v':
      return ['\\v', i];
    case 'x': {
      let hex: string;
      if (chars[i] === '{') {
        const close = chars.indexOf('}', i);
        if (close < 0) break;
        hex = chars.slice(i + 1, close).join('');
        i = close + 1;
      } else {
        hex = chars.slice(i, i + 2).join('');
        i += 2;
      }
      if (!/^[0-9A-Fa-f]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) break;
      return [`\\u{${hex}}`, i];
    }
    case 'p':
    case 'P': {
      let name: string;
      if (chars[i] === '{') {
        const close = chars.indexOf('}', i);
        if (close < 0) break;
        name = chars.slice(i + 1, close).join('');
        i = close + 1;
      } else {
        name = chars[i++] ?? '';
      }
      const neg = name.startsWith('^');
      if (neg) name = name.slice(1);
      if (!/^[A-Za-z_]+$/.test(name)) break;
      // One- and two-letter names are general categories; longer ones are scripts (Go has no others but Any).
      const prop = name.length <= 2 ? name : name === 'Any' ? 'Any' : `Script=${name}`;
      return [`\\${(c === 'P') !== neg ? 'P' : 'p'}{${prop}}`, i];
    }
    case 'Q': {
      if (inClass) break;
      let end = i;
      while (end < chars.length && !(chars[end] === '\\' && chars[end + 1] === 'E')) end++;
      const text = chars.slice(i, end).map((ch) => literal(ch, false)).join('');
      return [text.length > 0 ? `(?:${text})` : '', end < chars.length ? end + 2 : end];
    }
    default:
      if (c >= '0' && c <= '7') {
        // Octal: \0 with up to two more digits, or \1-\7 followed by at least one octal digit.
        let digits = c;
        while (digits.length < 3 && i < chars.length && chars[i] >= '0' && chars[i] <= '7') digits += chars[i++];
        if (c !== '0' && digits.length === 1) break; // a backreference: not in Go
        return [literal(String.fromCodePoint(parseInt(digits, 8)), inClass), i];
      }
      // Any escaped punctuation is that character.
      if (!isWordChar(c) && c.codePointAt(0)! < 0x80) return [literal(c, inClass), i];
  }
  throw new GoRegexpError(`invalid escape sequence in ${JSON.stringify(pattern)}`);
}

/**
 * Translates a character class whose '[' precedes chars[i]; returns the JS text and the next index.
 * Complemented members ([:^alpha:], \D, \W, \S) cannot be nested in a JS class, so such a
 * class becomes an alternation of one-character classes (negated by a lookahead if needed).
 */
function translateClass(chars: string[], i: number, pattern: string): [string, number] {
  let negated = false;
  if (chars[i] === '^') {
    negated = true;
    i++;
  }
  let pos = '';
  const complements: string[] = [];
  let first = true;
  for (;;) {
    if (i >= chars.length) throw new GoRegexpError(`missing closing ] in ${JSON.stringify(pattern)}`);
    const ch = chars[i];
    if (ch === ']' && !first) {
      i++;
      break;
    }
    first = false;
    if (ch === '[' && chars[i + 1] === ':') {
      const close = chars.indexOf(':', i + 2);
      const name = close > 0 && chars[close + 1] === ']' ? chars.slice(i + 2, close).join('') : '';
      const bare = name.startsWith('^') ? name.slice(1) : name;
      if (bare in POSIX) {
        if (name === bare) pos += POSIX[bare];
        else complements.push(POSIX[bare]);
        i = close + 2;
        continue;
      }
      if (name !== '') throw new GoRegexpError(`invalid character class range [:${name}:] in ${JSON.stringify(pattern)}`);
    }
    if (ch === '\\' && (chars[i + 1] === 'D' || chars[i + 1] === 'W' || chars[i + 1] === 'S')) {
      complements.push(PERL[chars[i + 1].toLowerCase()]);
      i += 2;
      continue;
    }
    if (ch === '\\') {
      const [text, next] = translateEscape(chars, i + 1, true, pattern);
      pos += text;
      i = next;
      continue;
    }
    // '-' keeps its meaning: a range between two characters, literal at either end (same rules in JS).
    pos += ch === '-' ? '-' : literal(ch, true);
    i++;
  }
  if (complements.length === 0) return [`[${negated ? '^' : ''}${pos}]`, i];
  const alternatives = complements.map((c) => `[^${c}]`);
  if (pos !== '') alternatives.unshift(`[${pos}]`);
  const union = `(?:${alternatives.join('|')})`;
  return [negated ? `(?:(?!${union})[\\s\\S])` : union, i];
}
