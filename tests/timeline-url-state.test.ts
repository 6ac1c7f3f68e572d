// The timeline page's URL (viewer/src/timeline/url-state.ts): every parameter read is written
// back, serialize(parse(x)) is stable, go tool trace's names are read as ours, malformed values
// are dropped; and the page's input (viewer/src/timeline/input.ts) maps wheel, drag and keys to
// the window, scroll and selection.

import { describe, expect, it } from 'vitest';
import { URL_ALIASES, parseTimelineUrl, serializeTimelineUrl, type TimelineUrlState, type UrlQuery } from '../viewer/src/timeline/url-state.js';
import { TimelineInput, type InputTarget } from '../viewer/src/timeline/input.js';
import type { Window } from '../viewer/src/timeline/view.js';

/** URLSearchParams that records every name read. */
function recording(query: string): { q: UrlQuery; read: Set<string> } {
  const p = new URLSearchParams(query);
  const read = new Set<string>();
  return {
    read,
    q: {
      get: (k: string) => (read.add(k), p.get(k)),
      has: (k: string) => (read.add(k), p.has(k)),
    },
  };
}

const roundTrip = (query: string): string => serializeTimelineUrl(parseTimelineUrl(new URLSearchParams(query)));

/** A state with every parameter set to something other than its default. */
const FULL: TimelineUrlState = {
  window: { t0: 100, t1: 2000 },
  selection: { t0: 300, t1: 400 },
  filter: 'main.worker waiting',
  span: { track: 'g12', t: 350 },
  scrollY: 56,
  view: 'threads',
  expandAll: true,
  renderer: 'canvas',
  goroutine: 12,
  task: '7',
  path: 'task:7',
};

describe('timeline URL state', () => {
  it('every parameter parse reads is written by serialize (or is an alias of one that is)', () => {
    const written = new Set(new URLSearchParams(serializeTimelineUrl(FULL)).keys());
    const { q, read } = recording(serializeTimelineUrl(FULL));
    expect(parseTimelineUrl(q)).toEqual(FULL);
    // Also read with nothing set (the aliases are read then).
    const empty = recording('');
    parseTimelineUrl(empty.q);
    for (const k of [...read, ...empty.read]) {
      expect(written.has(URL_ALIASES[k] ?? k), `parameter ${k} is read but never written`).toBe(true);
    }
    for (const k of written) expect(read.has(k), `parameter ${k} is written but never read`).toBe(true);
  });

  it('serialize(parse(x)) is stable', () => {
    for (const x of [
      '',
      't0=100&t1=2000',
      't0=100.4&t1=1999.6&sel=1.5,2.5&q=main&track=p3&t=17.2&y=56.7&view=thread&expand=all&renderer=webgl&gid=5&taskid=9',
      'start=5&end=9000&goid=3&focustask=2',
      'sel=1,2,3&y=-5&renderer=svg&gid=abc&t=5',
      'track=g4',
    ]) {
      const once = roundTrip(x);
      expect(roundTrip(once), x).toBe(once);
    }
  });

  it("reads go tool trace's names as ours, and writes ours", () => {
    const s = parseTimelineUrl(new URLSearchParams('start=5&end=9000&goid=3&focustask=2'));
    expect(s.window).toEqual({ t0: 5, t1: 9000 });
    expect(s.goroutine).toBe(3);
    expect(s.task).toBe('2');
    expect(roundTrip('start=5&end=9000&goid=3&focustask=2')).toBe('t0=5&t1=9000&gid=3&taskid=2');
    // Ours win over theirs.
    expect(parseTimelineUrl(new URLSearchParams('t0=1&start=5&t1=2&end=6')).window).toEqual({ t0: 1, t1: 2 });
  });

  it('drops what it cannot use', () => {
    const s = parseTimelineUrl(new URLSearchParams('t0=x&t1=5&sel=1,2,3&y=-5&renderer=svg&gid=abc&t=nope&track=g1'));
    expect(s.window).toBeNull();
    expect(s.selection).toBeNull();
    expect(s.scrollY).toBe(0);
    expect(s.renderer).toBeNull();
    expect(s.goroutine).toBeNull();
    expect(s.span).toBeNull();
    // A span without its time is looked up at 0; a window without its end is the shortest at t0.
    expect(parseTimelineUrl(new URLSearchParams('track=g1')).span).toEqual({ track: 'g1', t: 0 });
    expect(parseTimelineUrl(new URLSearchParams('t0=7')).window).toEqual({ t0: 7, t1: 0 });
  });

  it('writes times as whole nanoseconds', () => {
    const q = new URLSearchParams(serializeTimelineUrl({ ...FULL, window: { t0: 1.4, t1: 2.6 }, selection: { t0: 0.5, t1: 9.49 }, span: { track: 'm1', t: 3.5 }, scrollY: 10.2 }));
    expect([q.get('t0'), q.get('t1'), q.get('sel'), q.get('t'), q.get('y')]).toEqual(['1', '3', '1,9', '4', '10']);
  });
});

/** The page as the input sees it: a 1000 px plot at x = 0, a window, a scroll and a selection. */
function page() {
  const calls: string[] = [];
  const st = { view: { t0: 0, t1: 1000 } as Window, scroll: 0, sel: null as Window | null };
  const target: InputTarget = {
    view: () => st.view,
    setView: (v) => void (st.view = v),
    scrollY: () => st.scroll,
    setScroll: (y) => void (st.scroll = y),
    plotWidth: () => 1000,
    canvasRect: () => ({ left: 0, top: 0, width: 1000, height: 500 }) as DOMRect,
    selecting: (w) => void (st.sel = w),
    selected: () => void calls.push('selected'),
    clearSelection: () => void calls.push('clear'),
    click: () => void calls.push('click'),
    hover: (e) => void calls.push(e ? 'hover' : 'unhover'),
    escape: () => void calls.push('escape'),
    resetView: () => void calls.push('reset'),
    requestFrame: () => void calls.push('frame'),
  };
  return { st, calls, input: new TimelineInput(target) };
}

const wheel = (o: Partial<WheelEvent>) => ({ deltaMode: 0, deltaX: 0, deltaY: 0, shiftKey: false, clientX: 0, preventDefault() {}, ...o }) as WheelEvent;
const pointer = (o: Partial<PointerEvent>) => ({ button: 0, pointerId: 1, clientX: 0, clientY: 0, shiftKey: false, currentTarget: { setPointerCapture() {} }, ...o }) as unknown as PointerEvent;
const key = (k: string) => ({ key: k, target: { tagName: 'CANVAS' }, preventDefault() {} }) as unknown as KeyboardEvent;

describe('timeline input', () => {
  it('the wheel zooms at the cursor, pans sideways, scrolls with shift', () => {
    const { st, input } = page();
    input.wheel(wheel({ deltaY: -200, clientX: 250 }));
    expect(st.view.t1 - st.view.t0).toBeLessThan(1000);
    // The time under the cursor stays under it.
    expect(st.view.t0 + 0.25 * (st.view.t1 - st.view.t0)).toBeCloseTo(250, 6);
    const before = { ...st.view };
    input.wheel(wheel({ deltaX: 100 }));
    expect(st.view.t0 - before.t0).toBeCloseTo(0.1 * (before.t1 - before.t0), 6);
    input.wheel(wheel({ deltaY: 30, shiftKey: true }));
    expect(st.scroll).toBe(30);
  });

  it('a drag pans and scrolls; a click without a drag picks a span', () => {
    const { st, calls, input } = page();
    input.pointerDown(pointer({ clientX: 500, clientY: 100 }));
    input.pointerMove(pointer({ clientX: 400, clientY: 90 }), true);
    input.pointerUp(pointer({ clientX: 400, clientY: 90 }));
    expect(st.view).toEqual({ t0: 100, t1: 1100 });
    expect(st.scroll).toBe(10);
    input.pointerDown(pointer({ clientX: 500 }));
    input.pointerMove(pointer({ clientX: 502 }), true);
    input.pointerUp(pointer({ clientX: 502 }));
    expect(calls).toContain('click');
  });

  it('shift-drag and a drag on the axis select; a click there clears the selection', () => {
    const { st, calls, input } = page();
    input.pointerDown(pointer({ clientX: 600, shiftKey: true }));
    input.pointerMove(pointer({ clientX: 200 }), true);
    input.pointerUp(pointer({ clientX: 200 }));
    expect(st.sel).toEqual({ t0: 200, t1: 600 });
    expect(calls).toContain('selected');
    input.pointerDown(pointer({ clientX: 300 }), true);
    input.pointerUp(pointer({ clientX: 300 }));
    expect(calls).toContain('clear');
  });

  it('held keys animate the window; 0 and Escape reach the page; keys in a text field do not', () => {
    const { st, calls, input } = page();
    input.key(key('d'), true);
    expect(input.animating).toBe(true);
    input.animate(1000);
    expect(st.view.t0).toBeGreaterThan(0);
    input.key(key('d'), false);
    expect(input.animating).toBe(false);
    input.key(key('0'), true);
    input.key(key('Escape'), true);
    expect(calls).toEqual(expect.arrayContaining(['reset', 'escape']));
    input.key({ ...key('w'), target: { tagName: 'INPUT' } } as unknown as KeyboardEvent, true);
    expect(input.animating).toBe(false);
  });
});
