// pprof's name filters, applied as its web UI applies them (profile.FilterSamplesByName): a frame
// matches a filter when its function name or its file name does. focus (f) keeps the samples
// with a matching frame, ignore (i) drops those with one — both judged on the whole stack
// before anything is hidden; hide (h) removes the matching frames from every stack, show (s)
// keeps only the matching frames; a sample left with no frame is dropped.
import type { ViewProfile } from './samples.js';
import { goRegexp } from './go-regexp.js';

export interface NameFilters {
  focus?: RegExp;
  ignore?: RegExp;
  hide?: RegExp;
  show?: RegExp;
}

/** The URL parameters of the filters, as pprof's web UI names them. */
export interface FilterParams {
  f?: string | null;
  i?: string | null;
  h?: string | null;
  s?: string | null;
}

/** Whether each filter matched some frame (pprof warns "… expression matched no samples" otherwise). */
export interface FilterMatches {
  focus: boolean;
  ignore: boolean;
  hide: boolean;
  show: boolean;
}

/** Compiles the non-empty parameters; throws GoRegexpError naming the parameter. */
export function compileFilters(p: FilterParams): NameFilters {
  const out: NameFilters = {};
  const one = (name: string, v: string | null | undefined): RegExp | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    try {
      return goRegexp(v);
    } catch (e) {
      throw new Error(`parsing ${name} regexp: ${(e as Error).message}`);
    }
  };
  out.focus = one('focus', p.f);
  out.ignore = one('ignore', p.i);
  out.hide = one('hide', p.h);
  out.show = one('show', p.s);
  return out;
}

export function hasFilters(f: NameFilters): boolean {
  return f.focus !== undefined || f.ignore !== undefined || f.hide !== undefined || f.show !== undefined;
}

/** The profile with the filters applied (the input is not changed). */
export function filterByName(p: ViewProfile, f: NameFilters): { profile: ViewProfile; matched: FilterMatches } {
  const matched: FilterMatches = { focus: false, ignore: false, hide: false, show: false };
  if (!hasFilters(f)) {
    matched.focus = true;
    return { profile: p, matched };
  }
  const n = p.frames.length;
  // Per frame: 1 focused, -1 ignored, 0 neither; and whether hide/show removes it.
  const mark = new Int8Array(n);
  const hidden = new Uint8Array(n);
  let anyHidden = false;
  const test = (re: RegExp, i: number): boolean => {
    const fr = p.frames[i]!;
    return re.test(fr.func) || re.test(fr.file);
  };
  for (let k = 0; k < n; k++) {
    if (f.ignore !== undefined && test(f.ignore, k)) {
      matched.ignore = true;
      mark[k] = -1;
    } else if (f.focus === undefined || test(f.focus, k)) {
      matched.focus = true;
      mark[k] = 1;
    }
    let gone = false;
    if (f.hide !== undefined && test(f.hide, k)) {
      matched.hide = true;
      gone = true;
    }
    if (f.show !== undefined) {
      if (!gone && test(f.show, k)) matched.show = true;
      else gone = true;
    }
    if (gone) {
      hidden[k] = 1;
      anyHidden = true;
    }
  }
  const samples: ViewProfile['samples'] = [];
  for (const s of p.samples) {
    let focused = false;
    let ignored = false;
    for (const fr of s.stack) {
      if (mark[fr] === -1) {
        ignored = true;
        break;
      }
      if (mark[fr] === 1) focused = true;
    }
    if (ignored || !focused) continue;
    if (anyHidden) {
      const stack = s.stack.filter((fr) => hidden[fr] === 0);
      if (stack.length === 0) continue;
      samples.push({ ...s, stack });
    } else {
      samples.push(s);
    }
  }
  return { profile: { ...p, samples }, matched };
}
