// Query-string schemas shared by the routes (fastify validates them and answers 400) and the
// parsers of go tool trace's parameter formats (hex pcs, Go durations).

import { parseDuration } from '../../analysis/go-duration.js';
import { parseWindowText, type TimeWindow } from '../../analysis/time-window.js';

export class BadRequest extends Error {
  readonly statusCode = 400;
}
export class NotFound extends Error {
  readonly statusCode = 404;
}

/** A querystring schema: every listed parameter is an optional string matching its pattern; no others. */
export function querySchema(params: Record<string, string | null>, required: string[] = []): object {
  const properties: Record<string, object> = {};
  for (const [k, pattern] of Object.entries(params)) {
    properties[k] = pattern === null ? { type: 'string', maxLength: 4096 } : { type: 'string', pattern, maxLength: 4096 };
  }
  return { querystring: { type: 'object', properties, required, additionalProperties: false } };
}

export const UINT = '^[0-9]{1,19}$';
export const NUMBER = '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$';
export const HEX = '^(0[xX])?[0-9a-fA-F]{1,16}$';
export const FLAG = '^(|1|true|0|false)$';

/** A Go duration parameter ("10ms"); 400 if malformed. */
export function durationParam(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  try {
    return parseDuration(v);
  } catch {
    throw new BadRequest(`bad ${name}: ${JSON.stringify(v)} is not a Go duration (e.g. 10ms)`);
  }
}

/** A window parameter (?window=START,END, Go durations from the trace start); 400 if malformed. */
export function windowParam(v: string | undefined): TimeWindow | undefined {
  if (v === undefined || v === '') return undefined;
  try {
    return parseWindowText(v);
  } catch (e) {
    throw new BadRequest(`bad window: ${JSON.stringify(v)}: ${(e as Error).message}`);
  }
}

/** A hex PC parameter as go tool trace writes it in links. */
export function pcParam(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  return Number.parseInt(v.replace(/^0[xX]/, ''), 16);
}

export function numberParam(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new BadRequest(`bad ${name}: ${JSON.stringify(v)}`);
  return x;
}

export const isTrue = (v: string | undefined): boolean => v === '1' || v === 'true';
