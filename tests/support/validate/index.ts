// Validation of a parsed trace as Go's test harness validates its reader's events
// (internal/trace/testtrace): run the stream checker over a store and format what it found.

import { EventStore } from '../../../parser/events.js';
import { StreamValidator, type Problem } from './validator.js';

export { StreamValidator, type Problem } from './validator.js';

/** Every rule broken by the store's events, in stream order (empty = valid). */
export function validateStore(store: EventStore): Problem[] {
  return new StreamValidator(store, store.version).run();
}

/** The first few problems as lines a failing test can print, with how many there were. */
export function describeProblems(problems: Problem[], max = 10): string {
  const lines = problems.slice(0, max).map((p) => `event #${p.index} at ${p.time} (${p.event}): ${p.message}`);
  if (problems.length > max) lines.push(`… and ${problems.length - max} more`);
  return `${problems.length} invalid event(s):\n` + lines.join('\n');
}
