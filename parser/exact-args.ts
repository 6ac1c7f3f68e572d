// Exact uint64 event arguments that a double cannot hold (beyond 2^53, e.g. a heap goal near 2^63
// when the collector is off). The hot paths keep arguments in Float64Arrays; a decoder that meets
// such a value notes its exact bigint beside the array it decoded into, and the store writes the
// exact value (its varint bytes hold any uint64), so that printing and the API can read it back.

const EXACT = new WeakMap<Float64Array, (bigint | undefined)[]>();

/** Notes that args[k] holds (a rounding of) the uint64 v. */
export function noteExact(args: Float64Array, k: number, v: bigint): void {
  let e = EXACT.get(args);
  if (!e) EXACT.set(args, (e = []));
  e[k] = v;
}

/**
 * The exact uint64 args[k] stands for, if a decoder noted one for the value it holds now (as
 * its rounding, or the rounding of its int64 view); undefined otherwise.
 */
export function exactArg(args: Float64Array, k: number): bigint | undefined {
  const v = EXACT.get(args)?.[k];
  if (v === undefined) return undefined;
  const x = args[k]!;
  return Number(v) === x || Number(BigInt.asIntN(64, v)) === x ? v : undefined;
}

/** Whether a stored argument value is outside what a double holds exactly (the -1 sentinel aside). */
export function inexact(x: number): boolean {
  return x > Number.MAX_SAFE_INTEGER || x < -1;
}

/** Argument k as Go's %d prints a uint64 argument: exactly (past 2^53 too), -1 as 2^64-1. */
export function argU64Text(args: Float64Array, k: number): string {
  const e = exactArg(args, k);
  return e !== undefined ? e.toString() : u64Text(args[k]!);
}

/** Argument k as Go's %d prints it as an int64 id (GoID, ProcID, ThreadID): exactly, 2^63 and up negative. */
export function argI64Text(args: Float64Array, k: number): string {
  const e = exactArg(args, k);
  return e !== undefined ? BigInt.asIntN(64, e).toString() : String(args[k]!);
}

/** A uint64 held as a number (-1 standing for 2^64-1) as Go's %d prints it. */
export function u64Text(x: number): string {
  return x === -1 ? '18446744073709551615' : String(x);
}

/** uint8(args[k]) as Go converts a uint64 argument (its low byte, exactly). */
export function u8Arg(args: Float64Array, k: number): number {
  const x = args[k]!;
  if (x === -1) return 255;
  if (x <= Number.MAX_SAFE_INTEGER) return x % 256;
  const e = exactArg(args, k);
  return e !== undefined ? Number(e & 0xffn) : x % 256;
}

// Ids, PCs and line numbers past 2^53: the state machine and the tables keep them as doubles, so
// a decoder that reads one notes its exact uint64 under the double it rounds to, in the table of
// the parse that reads it (EventStore.exactIds); messages, the store's contexts and the printers
// look it up there (only for values a double does not hold: the common case never reaches the
// table). Two values rounding to the same double are one to the reader anyway.
export type ExactIds = Map<number, bigint>;

/** The table decoders note into: the running parse's (it calls useExactIds on entry and after every await). */
let current: ExactIds = new Map();

/** Makes t the table the decoders note into and the parse's messages read. */
export function useExactIds(t: ExactIds): void {
  current = t;
}

/** Notes that the double x is the rounding of the uint64 v (called only for x past 2^53). */
export function noteExactId(x: number, v: bigint): void {
  current.set(x, v);
}

/** An int64 id (GoID, ProcID, ThreadID) as Go's %d prints it: exact past 2^53 when the parse noted it. */
export function idText(x: number, t: ExactIds = current): string {
  if (!inexact(x)) return String(x);
  const e = t.get(x);
  return e !== undefined ? BigInt.asIntN(64, e).toString() : String(x);
}

/** A uint64 (a task id, a line) as Go's %d prints it: exact past 2^53 when the parse noted it, -1 as 2^64-1. */
export function uidText(x: number, t: ExactIds = current): string {
  if (!inexact(x) || !Number.isFinite(x)) return u64Text(x);
  return exactU64(x, t).toString();
}

/** A PC as Go's %x prints a uint64: exact past 2^53 when the parse noted it, -1 as 2^64-1. */
export function pcHex(x: number, t: ExactIds = current): string {
  if ((x >= 0 && x <= Number.MAX_SAFE_INTEGER) || !Number.isFinite(x)) return x.toString(16);
  return exactU64(x, t).toString(16);
}

/** The uint64 a finite double past 2^53 (or its int64 view) stands for: the noted value, else the double's own. */
function exactU64(x: number, t: ExactIds): bigint {
  return BigInt.asUintN(64, t.get(x) ?? BigInt(Math.trunc(x)));
}
