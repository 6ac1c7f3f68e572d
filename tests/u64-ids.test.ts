// Reader errors name ids and sequence numbers past 2^53 as go tool trace does, digit for digit
// (tests/data/u64-ids: Go 1.22 traces from their text, goldens by tests/data/gen/run.sh u64-ids):
// a goroutine created twice with id 2^53+1, and a GoUnblock whose g_seq 2^53+1 cannot advance
// (the frontier line names it). (What -d=parsed prints of an id past 2^53 before the error
// still rounds: ids are kept as doubles.)

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { REPO } from './support/paths.js';
import { textToWire } from './support/text/index.js';

const DIR = join(REPO, 'tests/data/u64-ids');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

describe('ids past 2^53 in reader errors', () => {
  for (const name of ['dupcreate', 'seq']) {
    it(`${name}: the trace is its text, and the error is go tool trace's`, () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, `${name}.trace`)));
      expect(textToWire(read(`${name}.txt`)).bytes).toEqual(bytes);
      const goErr = read(`${name}.stderr.txt`);
      expect(goErr).toContain('9007199254740993');
      const store = parseTrace(bytes);
      const msg = store.error!.message;
      const [first] = goErr.split('\n');
      expect(msg.startsWith(first!), `${msg} vs ${first}`).toBe(true);
      expect(msg).toContain('9007199254740993');
      // Our frontier is one line: each of its threads is one of Go's lines.
      if (msg.includes('frontier: ')) {
        for (const part of msg.slice(msg.indexOf('frontier: ') + 'frontier: '.length).split('; ')) expect(goErr.split('\n')).toContain(part);
      }
      if (name === 'seq') {
        let text = '';
        dumpParsed(store, (s) => (text += s));
        expect(text.trim()).toBe(read(`${name}.parsed.txt`).trim());
      }
    });
  }
});
