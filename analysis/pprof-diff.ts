// The difference of two traces' profiles as one profile.proto, in the form `go tool pprof
// -diff_base=BASE FILE` builds in memory: FILE's samples as they are, then BASE's samples with
// their values negated and the label pprof::base=true. Summed per stack, the values are FILE's
// minus BASE's; pprof reads the label to take its percentages against BASE's total. Sample
// types and period are the kind's (api/profile-kinds.ts), as go tool trace writes them.
// Locations are per PC and frame (two binaries can use one PC for different code), functions
// per file and name.

import { Function as PFunction, Label, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { EventStore } from '../parser/events.js';
import { PPROF_MAX_STACK, ProfileRecord } from './pprof-records.js';
import { profileKind, type PprofKind } from '../api/profile-kinds.js';
import { describeDamage } from '../parser/damage.js';
import { streamPprofRecords } from './stream-analysis.js';
import { encodeProfile } from './pprof-build.js';

/** The label pprof puts on the base's samples. */
export const DIFF_BASE_LABEL = 'pprof::base';

export interface ProfileSide {
  store: EventStore;
  records: ProfileRecord[];
}

export function buildDiffProfile(kind: PprofKind, file: ProfileSide, base: ProfileSide): Profile {
  const spec = profileKind(kind);
  if (spec === undefined) throw new Error(`unknown profile kind ${JSON.stringify(kind)}`);
  const st = new StringTable();
  const sampleType = spec.sampleTypes.map((t) => new ValueType({ type: st.dedup(t.type), unit: st.dedup(t.unit) }));
  const locations: Location[] = [];
  const functions: PFunction[] = [];
  const locByKey = new Map<string, Location>();
  const fnByKey = new Map<string, PFunction>();
  const samples: Sample[] = [];
  const baseLabel = { key: st.dedup(DIFF_BASE_LABEL), str: st.dedup('true') };

  const add = (side: ProfileSide, isBase: boolean): void => {
    const s = side.store;
    for (const rec of side.records) {
      const ids: number[] = [];
      const start = s.stackStart[rec.stack] ?? 0;
      const end = rec.stack > 0 ? Math.min(s.stackEnd[rec.stack]!, start + PPROF_MAX_STACK) : start;
      for (let k = start; k < end; k++) {
        const f = s.stackFrameIds[k]!;
        const pc = s.framePc[f]!;
        const name = s.strings[s.frameFunc[f]!]!;
        const fileName = s.strings[s.frameFile[f]!]!;
        const line = s.frameLine[f]!;
        const key = `${pc}\u0000${name}\u0000${fileName}\u0000${line}`;
        let loc = locByKey.get(key);
        if (loc === undefined) {
          const fkey = fileName + '\u0000' + name;
          let fn = fnByKey.get(fkey);
          if (fn === undefined) {
            const nameId = st.dedup(name);
            fn = new PFunction({ id: functions.length + 1, name: nameId, systemName: nameId, filename: st.dedup(fileName) });
            functions.push(fn);
            fnByKey.set(fkey, fn);
          }
          loc = new Location({ id: locations.length + 1, address: pc, line: [new Line({ functionId: fn.id, line })] });
          locations.push(loc);
          locByKey.set(key, loc);
        }
        ids.push(loc.id as number);
      }
      samples.push(
        isBase
          ? new Sample({ locationId: ids, value: [-rec.count, -rec.time], label: [new Label(baseLabel)] })
          : new Sample({ locationId: ids, value: [rec.count, rec.time] }),
      );
    }
  };
  add(file, false);
  add(base, true);
  return new Profile({
    sampleType,
    sample: samples,
    location: locations,
    function: functions,
    stringTable: st,
    periodType: new ValueType({ type: st.dedup('trace'), unit: st.dedup('count') }),
    period: 1,
  });
}


/**
 * -pprof=TYPE -diff_base=BASE FILE: both traces' profiles streamed, then their difference as
 * gzipped bytes, with a warning line per damaged trace.
 */
export async function streamDiffPprof(file: string, base: string, kind: PprofKind): Promise<{ profile: Uint8Array; warnings: string[] }> {
  const a = await streamPprofRecords(file, kind);
  const b = await streamPprofRecords(base, kind);
  const warnings: string[] = [];
  if (a.store.error) warnings.push(`${file}: ${describeDamage(a.store)}`);
  if (b.store.error) warnings.push(`${base}: ${describeDamage(b.store)}`);
  return { profile: encodeProfile(buildDiffProfile(kind, a, b)), warnings };
}
