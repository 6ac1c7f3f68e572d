// Go regular expressions (RE2 syntax, as pprof's focus/ignore/hide/show read them) as JavaScript
// RegExps. The two dialects agree on what function-name filters use (literals, classes, anchors,
// alternation, repetition); the rest is rewritten here: leading flag groups ((?i), (?s), (?m)),
// \A and \z, \Q…\E quoting, POSIX classes ([[:alpha:]]), (?P<name>…), \x{…}, and escaped
// punctuation that a Unicode-mode JavaScript RegExp would refuse. What Go accepts but has no
// JavaScript form ((?U), inline flag groups) is a clear error, never a different match.

export class GoRegexpError extends Error {}

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

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

/** A literal character as a JavaScript pattern fragment (inside or outside a class). */
function literal(ch: string): string {
  if (JS_SYNTAX.has(ch) || ch === '-') return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  return ch;
}

/** The JavaScript RegExp matching what Go's regexp.Compile(src) matches. Throws GoRegexpError. */
export function goRegexp(src: string): RegExp {
  let flags = 'u';
  let i = 0;
  // Leading flag groups: (?i), (?s), (?m), (?is) …
  for (;;) {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(src.slice(i));
    if (m === null) break;
    for (const f of m[1]!) {
      if (f === 'i' || f === 's' || f === 'm') {
        if (!flags.includes(f)) flags += f;
      } else if (f === 'U') {
        throw new GoRegexpError(`error parsing regexp: the ungreedy flag (?U) is not supported here: \`${src}\``);
      } else {
        throw new GoRegexpError(`error parsing regexp: invalid or unsupported Perl syntax: \`(?${m[1]}\``);
      }
    }
    i += m[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new GoRegexpError(`error parsing regexp: trailing backslash at end of expression: \`\``);
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const text = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        for (const ch of text) out += literal(ch);
        i = end < 0 ? src.length : end + 2;
        continue;
      }
      if (n === 'A' && !inClass) {
        out += '(?<![\\s\\S])';
        i += 2;
        continue;
      }
      if (n === 'z' && !inClass) {
        out += '(?![\\s\\S])';
        i += 2;
        continue;
      }
      if (n === 'x' && src[i + 2] === '{') {
        const end = src.indexOf('}', i + 3);
        if (end < 0) throw new GoRegexpError(`error parsing regexp: invalid escape sequence: \`\\x{\``);
        out += `\\u{${src.slice(i + 3, end)}}`;
        i = end + 1;
        continue;
      }
      if ((n === 'p' || n === 'P') && src[i + 2] !== '{' && src[i + 2] !== undefined) {
        out += `\\${n}{${src[i + 2]}}`;
        i += 3;
        continue;
      }
      if (/[A-Za-z0-9]/.test(n)) {
        if ('dDsSwWbBpPnrtfvx'.includes(n)) {
          out += '\\' + n;
          i += 2;
          continue;
        }
        throw new GoRegexpError(`error parsing regexp: invalid escape sequence: \`\\${n}\``);
      }
      // Escaped punctuation is that character.
      out += literal(n);
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const name = end < 0 ? '' : src.slice(i + 2, end);
        const neg = name.startsWith('^');
        const body = POSIX[neg ? name.slice(1) : name];
        if (body === undefined) throw new GoRegexpError(`error parsing regexp: invalid character class range: \`[:${name}:]\``);
        if (neg) throw new GoRegexpError(`error parsing regexp: negated POSIX classes are not supported here: \`[:${name}:]\``);
        out += body;
        i = end + 2;
        continue;
      }
      if (c === ']') inClass = false;
      out += c === '[' || c === '/' ? '\\' + c : c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      if (src[i] === '^') {
        out += '^';
        i++;
      }
      // A ']' first in a class is literal in Go.
      if (src[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      if (src.startsWith('(?P<', i)) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (src.startsWith('(?:', i) || src.startsWith('(?<', i)) {
        out += src.slice(i, i + 3);
        i += 3;
        continue;
      }
      throw new GoRegexpError(`error parsing regexp: inline flag groups are not supported here: \`${src.slice(i, i + 6)}\``);
    }
    out += c === '/' ? '\\/' : c;
    i++;
  }
  try {
    return new RegExp(out, flags);
  } catch (e) {
    throw new GoRegexpError(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** A regular expression matching exactly this text (Go's regexp.QuoteMeta). */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
