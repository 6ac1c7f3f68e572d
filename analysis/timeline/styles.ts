// Style codes of the timeline: one per goroutine state, one per (state, reason) pair for waiting
// and runnable spans with a reason ("chan receive", "preempted", …), and one per GC/STW/task kind.
// A span stores its code in a byte; the tile format carries it and the viewer colours by it.

import { GoState } from '../../parser/events.js';

export interface StyleInfo {
  code: number;
  /** "running", "runnable", "waiting", "syscall", "gc", "stw", "task", "region". */
  state: string;
  reason: string;
  label: string;
}

/** Fixed codes (0 is "no span" and never drawn). */
export const STYLE_NONE = 0;
export const STYLE_RUNNING = 1;
export const STYLE_RUNNABLE = 2;
export const STYLE_WAITING = 3;
export const STYLE_SYSCALL = 4;
export const STYLE_GC = 5;
export const STYLE_ASSIST = 6;
export const MAX_STYLES = 256;

const STATE_NAME: Record<number, string> = {
  [GoState.Running]: 'running',
  [GoState.Runnable]: 'runnable',
  [GoState.Waiting]: 'waiting',
  [GoState.Syscall]: 'syscall',
};
const STATE_STYLE: number[] = [];
STATE_STYLE[GoState.Running] = STYLE_RUNNING;
STATE_STYLE[GoState.Runnable] = STYLE_RUNNABLE;
STATE_STYLE[GoState.Waiting] = STYLE_WAITING;
STATE_STYLE[GoState.Syscall] = STYLE_SYSCALL;

export class StyleTable {
  readonly styles: StyleInfo[] = [];
  /** Code -> GoState (0 for non-goroutine styles). */
  readonly goState = new Uint8Array(MAX_STYLES);
  private byKey = new Map<string, number>();
  /** Per GoState, string id of the reason -> code + 1 (0 = not yet interned); grown on demand. */
  private byReason: Int16Array[] = [];

  constructor(private strings: string[]) {
    this.add('none', '', '');
    this.add('running', '', 'Running');
    this.add('runnable', '', 'Runnable');
    this.add('waiting', '', 'Waiting');
    this.add('syscall', '', 'Syscall');
    this.add('gc', '', 'GC concurrent mark phase');
    this.add('assist', '', 'GC mark assist');
    for (const st of [GoState.Running, GoState.Runnable, GoState.Waiting, GoState.Syscall]) this.goState[STATE_STYLE[st]!] = st;
  }

  private add(state: string, reason: string, label: string): number {
    const key = `${state}\u0000${reason}`;
    const have = this.byKey.get(key);
    if (have !== undefined) return have;
    if (this.styles.length >= MAX_STYLES) return -1;
    const code = this.styles.length;
    this.styles.push({ code, state, reason, label });
    this.byKey.set(key, code);
    return code;
  }

  /** Code of a goroutine state with a reason (a string id, 0 = none). */
  goroutine(state: number, reason: number): number {
    const base = STATE_STYLE[state] ?? STYLE_NONE;
    if (reason === 0 || base === STYLE_NONE) return base;
    let tab = this.byReason[state];
    if (tab === undefined || reason >= tab.length) {
      const t = new Int16Array(Math.max(this.strings.length, reason + 1));
      if (tab !== undefined) t.set(tab);
      this.byReason[state] = tab = t;
    }
    const have = tab[reason]!;
    if (have !== 0) return have - 1;
    const name = STATE_NAME[state]!;
    const r = this.strings[reason] ?? '';
    let code = this.add(name, r, r === '' ? name : `${name[0]!.toUpperCase()}${name.slice(1)} (${r})`);
    if (code < 0) code = base;
    else this.goState[code] = state;
    tab[reason] = code + 1;
    return code;
  }

  /** Code of a named kind (stop-the-world kinds, task and region types). */
  named(state: string, reason: string, label: string): number {
    const code = this.add(state, reason, label);
    return code < 0 ? STYLE_NONE : code;
  }

  /** The reason of a style ("" if none). */
  reason(code: number): string {
    return this.styles[code]?.reason ?? '';
  }
}
