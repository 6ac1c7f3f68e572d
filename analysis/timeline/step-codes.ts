// The counters' step code of every event (counter-model.ts), four bits an event: the fourteen
// steps a trace is made of almost entirely (a goroutine running, blocking, waking, entering and
// leaving a syscall, being created and exiting; a P starting and stopping; the three metrics) have
// a nibble each, 0 is "no step", and any other step is nibble 15 with its code kept apart (by
// event, ascending). A byte an event was 38 MB of the model on the 210 MB trace (190 MB at 1 GB);
// there, none of the 33 M steps took the escape.
//
// The rows pass sets the steps in event order (set), the counters read them (at).

import { lowerBound } from './query.js';

/** A goroutine step's code: 1 + from * 5 + to, by counter index (0 runnable, 1 running, 2 waiting, 3 syscall, 4 none). */
const go = (from: number, to: number): number => 1 + from * 5 + to;

/** The codes with a nibble (nibble k + 1 is NIBBLE_CODE[k]): STEP_PROC_UP/DOWN are 26/27, the metrics 28-30 (counter-model.ts). */
const NIBBLE_CODE = [go(0, 1), go(1, 0), go(1, 2), go(1, 3), go(1, 4), go(2, 0), go(3, 0), go(3, 1), go(4, 0), 26, 27, 28, 29, 30];
/** The nibble of a code kept apart. */
export const ESCAPE = 15;
/** Code -> nibble (ESCAPE: none). */
const NIBBLE_OF = new Uint8Array(256).fill(ESCAPE);
NIBBLE_OF[0] = 0;
NIBBLE_CODE.forEach((code, k) => (NIBBLE_OF[code] = k + 1));
/** Nibble -> code (the escape's is looked up): for hot loops that read `nibbles` themselves. */
export const CODE_OF = new Uint8Array(16);
NIBBLE_CODE.forEach((code, k) => (CODE_OF[k + 1] = code));

/** The arrays of a StepCodes (what a postMessage carries). */
export interface StepCodesData {
  length: number;
  nibbles: Uint8Array;
  /** The escaped steps: their events (ascending) and codes. */
  escEv: Uint32Array;
  escCode: Uint8Array;
}

export class StepCodes implements StepCodesData {
  readonly length: number;
  nibbles: Uint8Array;
  escEv: Uint32Array;
  escCode: Uint8Array;
  private escN = 0;

  constructor(length: number) {
    this.length = length;
    this.nibbles = new Uint8Array((length + 1) >>> 1);
    this.escEv = new Uint32Array(16);
    this.escCode = new Uint8Array(16);
  }

  /** The instance again after a structured clone. */
  static revive(d: StepCodesData): StepCodes {
    const s = Object.create(StepCodes.prototype) as StepCodes;
    return Object.assign(s, { length: d.length, nibbles: d.nibbles, escEv: d.escEv, escCode: d.escCode, escN: d.escEv.length });
  }

  /** The codes of a plain array (tests). */
  static of(codes: ArrayLike<number>): StepCodes {
    const s = new StepCodes(codes.length);
    for (let e = 0; e < codes.length; e++) if (codes[e]! !== 0) s.set(e, codes[e]!);
    return s.done();
  }

  /** Sets event e's step (events in ascending order; setting the same event again replaces its step). */
  set(e: number, code: number): void {
    const nib = NIBBLE_OF[code]!;
    const sh = (e & 1) << 2;
    const i = e >>> 1;
    this.nibbles[i] = (this.nibbles[i]! & ~(15 << sh)) | (nib << sh);
    if (nib !== ESCAPE) return;
    let k = this.escN;
    if (k > 0 && this.escEv[k - 1] === e) k--;
    else if (k === this.escEv.length) {
      const ev = new Uint32Array(k * 2);
      ev.set(this.escEv);
      const cd = new Uint8Array(k * 2);
      cd.set(this.escCode);
      this.escEv = ev;
      this.escCode = cd;
    }
    this.escEv[k] = e;
    this.escCode[k] = code;
    this.escN = k + 1;
  }

  /** Trims the escapes once every step is set. */
  done(): StepCodes {
    this.escEv = this.escEv.slice(0, this.escN);
    this.escCode = this.escCode.slice(0, this.escN);
    return this;
  }

  /** Event e's step code (0: none). */
  at(e: number): number {
    const nib = (this.nibbles[e >>> 1]! >>> ((e & 1) << 2)) & 15;
    return nib !== ESCAPE ? CODE_OF[nib]! : this.escaped(e);
  }

  private escaped(e: number): number {
    const k = lowerBound(this.escEv, 0, this.escN, e);
    return k < this.escN && this.escEv[k] === e ? this.escCode[k]! : 0;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.nibbles.byteLength + this.escEv.byteLength + this.escCode.byteLength;
  }
}
