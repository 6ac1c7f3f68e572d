// The `expect` file of Go's trace conformance tests: "SUCCESS", or
// `FAILURE "<Go-quoted regexp>"` that the reader's error must match
// (internal/trace/testtrace/expectation.go), with Go's messages.

import { compileGoRegexp } from './go-regexp.js';
import { goQuote, goUnquote } from '../../../parser/go/go-quote.js';
import { bytesToString } from '../../../parser/go/go-utf8.js';

export interface Expectation {
  failure: boolean;
  /** The Go regexp an error must match (failures only). */
  pattern: string | null;
  /** Its JS translation. */
  matcher: RegExp | null;
}

export class ExpectationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpectationError';
  }
}

/** Parses the first line of an expect file (an empty file means success). */
export function parseExpectation(data: Uint8Array | string): Expectation {
  const text = typeof data === 'string' ? data : bytesToString(data);
  if (text.length === 0) return { failure: false, pattern: null, matcher: null };
  let line = text.split('\n', 1)[0];
  if (line.endsWith('\r')) line = line.slice(0, -1);
  const sp = line.indexOf(' ');
  const head = sp < 0 ? line : line.slice(0, sp);
  if (head === 'SUCCESS') return { failure: false, pattern: null, matcher: null };
  if (head !== 'FAILURE') throw new ExpectationError(`bad header line: ${goQuote(line)}`);
  if (sp < 0) throw new ExpectationError(`bad header line for FAILURE: ${goQuote(line)}`);
  const quoted = line.slice(sp + 1);
  const raw = goUnquote(quoted);
  if (raw === null) throw new ExpectationError(`malformed pattern: not correctly quoted: ${quoted}: invalid syntax`);
  const pattern = bytesToString(raw);
  let matcher: RegExp;
  try {
    matcher = compileGoRegexp(pattern);
  } catch (e) {
    throw new ExpectationError(`malformed pattern: not a valid regexp: ${pattern}: ${(e as Error).message}`);
  }
  return { failure: true, pattern, matcher };
}

/**
 * Checks an outcome against the expectation (Expectation.Check): `err` is the
 * error (or its message) the trace reader produced, or null on success.
 * Returns null when it conforms, otherwise Go's explanation.
 */
export function checkExpectation(exp: Expectation, err: Error | string | null): string | null {
  const msg = err === null ? null : typeof err === 'string' ? err : err.message;
  if (!exp.failure && msg !== null) return `unexpected error while reading the trace: ${msg}`;
  if (exp.failure && msg === null) {
    return `expected error while reading the trace: want something matching ${goQuote(exp.pattern ?? '')}, got none`;
  }
  if (exp.failure && msg !== null && !exp.matcher!.test(msg)) {
    return `unexpected error while reading the trace: want something matching ${goQuote(exp.pattern ?? '')}, got ${msg}`;
  }
  return null;
}
