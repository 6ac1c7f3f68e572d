// Writes profile records as go tool trace's BuildProfile does: a profile.proto with the kind's
// two sample types (contentions/count and delay/nanoseconds for the blocking kinds), period
// type trace/count (period 1), one location per PC, one function per (file, name), frames leaf
// first; gzipped like pprof files.

import { gzipSync } from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { EventStore } from '../parser/events.js';
import { PPROF_MAX_STACK, ProfileRecord } from './pprof-records.js';
import { profileKind, type PprofKind } from '../api/profile-kinds.js';

export function buildProfile(store: EventStore, kind: PprofKind, records: ProfileRecord[]): Profile {
  const spec = profileKind(kind);
  if (spec === undefined) throw new Error(`unknown profile kind ${JSON.stringify(kind)}`);
  const st = new StringTable();
  const sampleType = spec.sampleTypes.map((t) => new ValueType({ type: st.dedup(t.type), unit: st.dedup(t.unit) }));
  const locations: Location[] = [];
  const functions: PFunction[] = [];
  const locByPc = new Map<number, Location>();
  const fnByKey = new Map<string, PFunction>();
  const samples: Sample[] = [];
  for (const rec of records) {
    const ids: number[] = [];
    const start = store.stackStart[rec.stack]!;
    const end = Math.min(store.stackEnd[rec.stack]!, start + PPROF_MAX_STACK);
    for (let k = start; k < end; k++) {
      const f = store.stackFrameIds[k]!;
      const pc = store.framePc[f]!;
      let loc = locByPc.get(pc);
      if (loc === undefined) {
        const name = store.strings[store.frameFunc[f]!]!;
        const file = store.strings[store.frameFile[f]!]!;
        const key = file + name;
        let fn = fnByKey.get(key);
        if (fn === undefined) {
          const nameId = st.dedup(name);
          fn = new PFunction({ id: functions.length + 1, name: nameId, systemName: nameId, filename: st.dedup(file) });
          functions.push(fn);
          fnByKey.set(key, fn);
        }
        loc = new Location({ id: locations.length + 1, address: pc, line: [new Line({ functionId: fn.id, line: store.frameLine[f]! })] });
        locations.push(loc);
        locByPc.set(pc, loc);
      }
      ids.push(loc.id as number);
    }
    samples.push(new Sample({ locationId: ids, value: [rec.count, rec.time] }));
  }
  return new Profile({
    sampleType,
    sample: samples,
    location: locations,
    function: functions,
    stringTable: st,
    periodType: new ValueType({ type: st.dedup(spec.period?.type ?? 'trace'), unit: st.dedup(spec.period?.unit ?? 'count') }),
    period: spec.period?.value ?? 1,
  });
}

/** The profile's bytes as go tool trace writes them (gzipped protobuf). */
export function encodeProfile(p: Profile): Uint8Array {
  return new Uint8Array(gzipSync(p.encode()));
}
