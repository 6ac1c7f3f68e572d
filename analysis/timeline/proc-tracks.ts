// P tracks ("p<id>") and thread tracks ("m<id>"): the goroutine rows that ran on a P or a thread
// (rows.ts), each drawn with its goroutine as the rectangle's arg; a span's details are its
// goroutine row's (goroutine-tracks.ts) on that P or thread. Listed: every P and thread with rows.

import { formatTrackId } from '../../api/track-kinds.js';
import type { TimelineRows } from './model.js';
import { groupRows } from './query.js';
import { groupOfRow, procRowEndEv } from './rows.js';
import { goroutineRowDetail } from './goroutine-tracks.js';
import type { TrackSource } from './track-source.js';
import { TrackView } from './track-view.js';

/** Goroutine id of goroutine row j. */
function goroutineOf(tl: TimelineRows, j: number): number {
  const k = groupOfRow(tl.goroutines, j);
  return k < 0 ? -1 : tl.goroutines.ids[k]!;
}

export class ProcTrack extends TrackView {
  constructor(id: string, private tl: TimelineRows, lo: number, hi: number) {
    super(id, lo, hi);
    this.hasArg = true;
  }
  start(j: number): number {
    const tl = this.tl;
    return tl.times.time(tl.goroutines.ev.at(tl.procs.goroutineRow[j]!));
  }
  end(j: number): number {
    return this.tl.times.time(procRowEndEv(this.tl.procs, this.tl.goroutines, j));
  }
  style(j: number): number {
    return this.tl.goroutines.style[this.tl.procs.goroutineRow[j]!]!;
  }
  override goroutineRow(j: number): number {
    return this.tl.procs.goroutineRow[j]!;
  }
  override arg(j: number): number {
    return goroutineOf(this.tl, this.tl.procs.goroutineRow[j]!);
  }
}

export class ThreadTrack extends TrackView {
  constructor(id: string, private tl: TimelineRows, lo: number, hi: number) {
    super(id, lo, hi);
    this.hasArg = true;
  }
  start(j: number): number {
    const tl = this.tl;
    return tl.times.time(tl.goroutines.ev.at(tl.threads.goroutineRow.at(j)));
  }
  end(j: number): number {
    const tl = this.tl;
    const e = tl.times.time(tl.goroutines.ev.at(tl.threads.goroutineRow.at(j) + 1));
    if (j + 1 < this.hi) {
      const next = this.start(j + 1);
      if (next < e) return next;
    }
    return e;
  }
  style(j: number): number {
    return this.tl.goroutines.style[this.tl.threads.goroutineRow.at(j)]!;
  }
  override goroutineRow(j: number): number {
    return this.tl.threads.goroutineRow.at(j);
  }
  override arg(j: number): number {
    return goroutineOf(this.tl, this.tl.threads.goroutineRow.at(j));
  }
}

export const procTracks: TrackSource = {
  view(tl, id, num) {
    const r = num === undefined ? null : groupRows(tl.procs, num);
    return r === null ? null : new ProcTrack(id, tl, r.lo, r.hi);
  },
  detail(tl, v, j, num, out, name) {
    if (goroutineRowDetail(tl, v.goroutineRow(j), out.style, out, name)) out.proc = num!;
  },
  list(tl, out) {
    for (const id of tl.procs.ids) out.procs.push({ id, track: formatTrackId({ kind: 'proc', num: id }) });
  },
};

export const threadTracks: TrackSource = {
  view(tl, id, num) {
    const r = num === undefined ? null : groupRows(tl.threads, num);
    return r === null ? null : new ThreadTrack(id, tl, r.lo, r.hi);
  },
  detail(tl, v, j, num, out, name) {
    if (goroutineRowDetail(tl, v.goroutineRow(j), out.style, out, name)) out.thread = num!;
  },
  list(tl, out) {
    for (const id of tl.threads.ids) out.threads.push({ id, track: formatTrackId({ kind: 'thread', num: id }) });
  },
};
