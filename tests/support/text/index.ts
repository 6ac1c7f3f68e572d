// Go's trace text format and conformance tests (internal/trace/testdata/tests/*.test):
// load a test into wire bytes plus its expectation, and the pieces it is made of.

import { readFileSync } from 'node:fs';
import { type Expectation, parseExpectation } from './expectation.js';
import { goQuote } from '../../../parser/go/go-quote.js';
import { parseTxtar } from './txtar.js';
import { textToWire } from './text-to-wire.js';

export { checkExpectation, parseExpectation, ExpectationError, type Expectation } from './expectation.js';
export { compileGoRegexp, GoRegexpError } from './go-regexp.js';
export { goQuote, goQuoteBytes, goUnquote, goUnquoteBytes } from '../../../parser/go/go-quote.js';
export { readTextTrace, TextReader, TextTraceError, parseUint64 } from './text-reader.js';
export { encodeWireTrace, textToWire, WireWriter } from './text-to-wire.js';
export { formatTxtar, parseTxtar, type TxtarArchive, type TxtarFile } from './txtar.js';

export interface ConformanceTest {
  /** The trace format version of the text trace ("Trace Go1.N"). */
  version: number;
  /** The trace encoded in the wire format, as Go's testtrace.ParseFile produces it. */
  bytes: Uint8Array;
  /** What reading those bytes must do. */
  expect: Expectation;
}

/**
 * Loads a conformance test: a txtar archive with exactly the files `expect` and
 * `trace` (in that order). Throws with testtrace.ParseFile's messages.
 */
export function loadConformanceTest(path: string): ConformanceTest {
  let data: Uint8Array;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new Error(`failed to read test file for ${path}: ${(e as Error).message}`);
  }
  const ar = parseTxtar(data);
  if (ar.files.length !== 2) throw new Error(`malformed test ${path}: wrong number of files`);
  if (ar.files[0].name !== 'expect') throw new Error(`malformed test ${path}: bad filename ${ar.files[0].name}`);
  if (ar.files[1].name !== 'trace') throw new Error(`malformed test ${path}: bad filename ${ar.files[1].name}`);
  let wire: { version: number; bytes: Uint8Array };
  try {
    wire = textToWire(ar.files[1].data);
  } catch (e) {
    throw new Error(`malformed test ${path}: bad trace file: ${(e as Error).message}`);
  }
  let expect: Expectation;
  try {
    expect = parseExpectation(ar.files[0].data);
  } catch (e) {
    const text = new TextDecoder().decode(ar.files[0].data);
    throw new Error(`internal error during ${path}: failed to parse expectation ${goQuote(text)}: ${(e as Error).message}`);
  }
  return { version: wire.version, bytes: wire.bytes, expect };
}
