// The profile every view reads: frames and samples with one value per sample type, built from
// /api/profile's answer and the kind's sample types (api/profile-kinds.ts), or the difference of
// two such answers the way `go tool pprof -diff_base` makes it: the base's samples negated and
// marked as base samples.
import type { Frame, ProfileResponse } from '../../../../api/types.js';
import type { ProfileKindSpec } from '../../../../api/profile-kinds.js';

export interface ViewSample {
  /** Indices into frames, leaf first. */
  stack: number[];
  /** One value per sample type, in the kind's order. */
  values: number[];
  /** A sample of the diff base (its values negated). */
  base: boolean;
}

export interface ViewProfile {
  sampleTypes: readonly { type: string; unit: string }[];
  frames: Frame[];
  samples: ViewSample[];
  /** Frames that came from the base trace (diff profiles), by index. */
  baseFrames?: Uint8Array;
  /** FILE − BASE. */
  diff: boolean;
}

/** A sample's values in the kind's sample-type order: [events counted, time]. */
function valuesOf(s: ProfileResponse['samples'][number]): number[] {
  return [s.count, s.ns];
}

/**
 * The profile as the views read it. Samples without a stack go under one frame named label
 * (default: the kind's emptyStackLabel; the page passes the name the sample's origins give it).
 */
export function viewProfile(p: ProfileResponse, spec: ProfileKindSpec, label = spec.emptyStackLabel): ViewProfile {
  if (label !== undefined && p.samples.some((s) => s.stack.length === 0)) {
    // Stackless samples under one labelled frame, so the views name them.
    const k = p.frames.length;
    return {
      sampleTypes: spec.sampleTypes,
      frames: [...p.frames, { func: label, file: '', line: 0, pc: 0 }],
      samples: p.samples.map((s) => ({ stack: s.stack.length === 0 ? [k] : s.stack, values: valuesOf(s), base: false })),
      diff: false,
    };
  }
  return {
    sampleTypes: spec.sampleTypes,
    frames: p.frames,
    samples: p.samples.map((s) => ({ stack: s.stack, values: valuesOf(s), base: false })),
    diff: false,
  };
}

/** FILE's samples and BASE's negated (pprof's -diff_base): per stack the values are FILE − BASE. */
export function diffProfile(file: ProfileResponse, base: ProfileResponse, spec: ProfileKindSpec): ViewProfile {
  const off = file.frames.length;
  const baseFrames = new Uint8Array(off + base.frames.length);
  baseFrames.fill(1, off);
  return {
    sampleTypes: spec.sampleTypes,
    frames: [...file.frames, ...base.frames],
    samples: [
      ...file.samples.map((s) => ({ stack: s.stack, values: valuesOf(s), base: false })),
      ...base.samples.map((s) => ({ stack: s.stack.map((f) => f + off), values: valuesOf(s).map((v) => -v), base: true })),
    ],
    baseFrames,
    diff: true,
  };
}

/**
 * The sample type a `si` parameter names (pprof's sample_index: a type's name or its index);
 * empty means the last type, pprof's default. Throws with the choices for anything else.
 */
export function sampleIndex(p: Pick<ViewProfile, 'sampleTypes'>, si: string | null | undefined): number {
  const n = p.sampleTypes.length;
  if (si === undefined || si === null || si === '') return n - 1;
  if (/^[0-9]+$/.test(si)) {
    const i = Number(si);
    if (i < n) return i;
    throw new Error(`sample_index ${si} out of range [0..${n - 1}]`);
  }
  const name = si.replace(/^sample_index=/, '');
  const i = p.sampleTypes.findIndex((t) => t.type === name);
  if (i >= 0) return i;
  throw new Error(`sample_index ${JSON.stringify(si)} must be one of: ${p.sampleTypes.map((t) => t.type).join(', ')}`);
}

/**
 * The total pprof states percentages against (its report total): the sum of the samples'
 * absolute values; for a difference, that of the base's samples only.
 */
export function reportTotal(p: ViewProfile, vi: number): number {
  let total = 0;
  let baseTotal = 0;
  for (const s of p.samples) {
    const v = Math.abs(s.values[vi]!);
    total += v;
    if (s.base) baseTotal += v;
  }
  return baseTotal > 0 ? baseTotal : total;
}

/** The sum of the samples' values (what a filtered profile accounts for; FILE − BASE for a difference). */
export function sampleSum(p: ViewProfile, vi: number): number {
  let sum = 0;
  for (const s of p.samples) sum += s.values[vi]!;
  return sum;
}
