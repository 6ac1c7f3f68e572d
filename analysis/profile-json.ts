// A profile's records as the viewer reads them (/api/profile's ProfileResponse): frames
// deduplicated by frame id, stacks leaf first and at most PPROF_MAX_STACK deep (the frames the
// .pprof download has), samples largest delay first.

import type { Frame, ProfileResponse } from '../api/types.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { EventStore } from '../parser/events.js';
import { PPROF_MAX_STACK, ProfileRecord } from './pprof-records.js';

export function profileResponse(st: EventStore, kind: PprofKind, recs: ProfileRecord[], note: string | null = null): ProfileResponse {
  const frames: Frame[] = [];
  const frameIndex = new Map<number, number>();
  const samples: ProfileResponse['samples'] = [];
  let totalNs = 0;
  let totalCount = 0;
  for (const r of recs) {
    const stack: number[] = [];
    const start = st.stackStart[r.stack] ?? 0;
    const end = r.stack > 0 ? Math.min(st.stackEnd[r.stack]!, start + PPROF_MAX_STACK) : start;
    for (let k = start; k < end; k++) {
      const f = st.stackFrameIds[k]!;
      let idx = frameIndex.get(f);
      if (idx === undefined) {
        idx = frames.length;
        frameIndex.set(f, idx);
        frames.push({ func: st.strings[st.frameFunc[f]!]!, file: st.strings[st.frameFile[f]!]!, line: st.frameLine[f]!, pc: st.framePc[f]! });
      }
      stack.push(idx);
    }
    samples.push({ stack, count: r.count, ns: r.time });
    totalNs += r.time;
    totalCount += r.count;
  }
  samples.sort((a, b) => b.ns - a.ns || b.count - a.count);
  return { kind, frames, samples, totalNs, totalCount, ...(note !== null ? { note } : {}) };
}
