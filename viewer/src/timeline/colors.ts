// Colours of the timeline: one per goroutine state, a distinct one per block reason, and the
// special tracks (GC, STW, tasks, regions). Packed as ABGR u32 for the instanced mesh (unorm8x4).
import type { TimelineTracks } from '../../../api/types.js';

const byReason: Record<string, string> = {
  // Go's wait reasons (runtime/traceruntime.go traceBlockReasonStrings, traceGoStopReasonStrings).
  'chan send': '#e4572e',
  'chan receive': '#f28c5b',
  select: '#c0392b',
  sync: '#1f6fb4',
  'sync.(*Cond).Wait': '#6c7fd8',
  network: '#17a2b8',
  sleep: '#9aa5b1',
  forever: '#7a1f1f',
  unspecified: '#b0a3a3',
  'GC mark assist wait for work': '#ff9f1c',
  'GC background sweeper wait': '#e8b15e',
  'GC weak to strong wait': '#e8b15e',
  'wait until GC ends': '#ffb347',
  'system goroutine wait': '#c7c7c7',
  'wait for debug call': '#b0b0b0',
  synctest: '#a0a0c0',
  preempted: '#f7d774',
  'runtime.Gosched': '#e9c46a',
  // Older traces' and other names.
  'sync.Mutex.Lock': '#1f6fb4',
  'sync.RWMutex.Lock': '#2f86d0',
  'sync.RWMutex.RLock': '#5aa3e0',
  'sync.WaitGroup.Wait': '#3a56a8',
  'sync.Cond.Wait': '#6c7fd8',
  'network read': '#17a2b8',
  'network write': '#0e7f90',
  'time.Sleep': '#9aa5b1',
};

const byState: Record<string, string> = {
  running: '#3cb371',
  runnable: '#f2c14e',
  waiting: '#d9826b',
  syscall: '#8e6cc9',
  gc: '#ff7f0e',
  'gc mark': '#ff7f0e',
  'gc sweep': '#ffbb78',
  'gc assist': '#ffa94d',
  assist: '#ffa94d',
  sweep: '#ffbb78',
  none: '#ffffff',
  stw: '#d62728',
  task: '#9467bd',
  region: '#2ca4a4',
  idle: '#e9ecef',
  'cpu sample': '#8c564b',
};

const fallback = ['#e377c2', '#bcbd22', '#7f7f7f', '#8c564b', '#17becf', '#aec7e8', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94'];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** CSS colour of one style entry. */
export function styleColor(state: string, reason: string): string {
  const st = state.toLowerCase();
  if (reason && byReason[reason]) return byReason[reason];
  if (reason && st === 'waiting') {
    if (/chan|select/i.test(reason)) return '#e4572e';
    if (/sync|mutex|lock/i.test(reason)) return '#2f86d0';
    if (/net|io/i.test(reason)) return '#17a2b8';
    if (/gc/i.test(reason)) return '#ff9f1c';
    return fallback[hash(reason) % fallback.length]!;
  }
  if (byState[st]) return byState[st];
  for (const k of Object.keys(byState)) if (st.includes(k)) return byState[k]!;
  return fallback[hash(state + reason) % fallback.length]!;
}

/** '#rrggbb' as little-endian ABGR u32 (bytes r, g, b, a in memory). */
export function packColor(css: string, alpha = 255): number {
  const v = parseInt(css.slice(1), 16);
  const r = (v >> 16) & 255;
  const g = (v >> 8) & 255;
  const b = v & 255;
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** Colour table indexed by style code. */
export function styleTable(styles: TimelineTracks['styles']): { css: string[]; packed: Uint32Array } {
  const n = styles.reduce((m, s) => Math.max(m, s.code + 1), 0);
  const css = new Array<string>(n).fill('#999999');
  const packed = new Uint32Array(Math.max(n, 1)).fill(packColor('#999999'));
  for (const s of styles) {
    css[s.code] = styleColor(s.state, s.reason);
    packed[s.code] = packColor(css[s.code]!);
  }
  return { css, packed };
}

export const counterPalette = ['#3cb371', '#f2c14e', '#d9826b', '#8e6cc9', '#1f77b4', '#ff7f0e', '#7f7f7f'];

/** Colour of a counter series by its name ("Goroutines: runnable", "Heap: goal", …). */
export function counterColor(name: string, k: number): string {
  const n = name.toLowerCase();
  if (n.includes('runnable')) return byState.runnable!;
  if (n.includes('running')) return byState.running!;
  if (n.includes('waiting')) return '#e8a48f';
  if (n.includes('syscall')) return byState.syscall!;
  if (n.includes('goal')) return '#e4572e';
  if (n.includes('heap') || n.includes('alloc')) return '#6c8ebf';
  if (n.includes('gomaxprocs')) return '#c9ccd1';
  return counterPalette[k % counterPalette.length]!;
}
