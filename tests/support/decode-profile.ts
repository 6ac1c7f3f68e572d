// Decodes a (gzipped) profile.proto with pprof-format into comparable text: each sample as
// its values and its frames "func file:line", leaf first (goldengen's normalized form).

import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

export interface DecodedProfile {
  sampleTypes: string[];
  periodType: string;
  period: number;
  /** One string per sample: "count delay" then one "func file:line" line per frame. */
  samples: string[];
}

export function decodeProfile(bytes: Uint8Array): DecodedProfile {
  const raw = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const p = Profile.decode(raw);
  const str = p.stringTable.strings;
  const s = (i: number | bigint): string => str[Number(i)]!;
  const fns = new Map(p.function.map((f) => [Number(f.id), f]));
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  const samples = p.sample.map((smp) => {
    const lines = [smp.value.map((v) => String(v)).join(' ')];
    for (const id of smp.locationId) {
      const loc = locs.get(Number(id))!;
      // Inlined calls list several lines per location, innermost first.
      for (const ln of loc.line) {
        const fn = fns.get(Number(ln.functionId))!;
        lines.push(`    ${s(fn.name)} ${s(fn.filename)}:${ln.line}`);
      }
    }
    return lines.join('\n');
  });
  return {
    sampleTypes: p.sampleType.map((v) => `${s(v.type)}/${s(v.unit)}`),
    periodType: p.periodType ? `${s(p.periodType.type)}/${s(p.periodType.unit)}` : '',
    period: Number(p.period),
    samples,
  };
}
