// The timeline's mouse and keyboard: the wheel zooms at the cursor (horizontal wheel pans,
// shift+wheel scrolls), a drag pans and scrolls (shift-drag, or a drag on the axis, selects a
// range), a click without a drag picks a span, W/S zoom and A/D pan while held (animated by the
// frame loop), 0 shows the whole trace and Escape clears the selection and the span. The page
// owns the state; this module turns events into calls of its InputTarget.

import { pan, zoomAt, type Window } from './view.js';

/** What the input drives: the page's window, scroll and selection. */
export interface InputTarget {
  view(): Window;
  /** Sets the window (clamped by the page); `frame`: whether to schedule a frame for it. */
  setView(v: Window, frame?: boolean): void;
  scrollY(): number;
  setScroll(y: number): void;
  /** Width of the plot, px. */
  plotWidth(): number;
  /** The span canvas' box (time and row coordinates are relative to it). */
  canvasRect(): DOMRect;
  /** The range being selected by a drag (each move). */
  selecting(w: Window): void;
  /** A selection drag ended with a range selected. */
  selected(): void;
  /** A click on the axis or a shift-click without a drag: no selection. */
  clearSelection(): void;
  /** A click (no drag) on the span canvas. */
  click(e: PointerEvent): void;
  /** The pointer moved over the span canvas with no button down (null: it left). */
  hover(e: PointerEvent | null): void;
  /** Escape: clear the selection and the span. */
  escape(): void;
  /** 0: the whole trace. */
  resetView(): void;
  requestFrame(): void;
}

/** A pointer drag: where it began, the window and scroll then, and what it does. */
interface Drag {
  x: number;
  y: number;
  /** The time under the pointer when it began. */
  t: number;
  scroll: number;
  view: Window;
  mode: 'pan' | 'select';
  /** Whether it moved past the click slop (4 px). */
  moved: boolean;
}

const KEYS = ['w', 'a', 's', 'd'];

export class TimelineInput {
  /** The drag under way, if any. */
  drag: Drag | null = null;
  /** The time under the pointer (null: not over the plot); W/S zoom there. */
  pointerT: number | null = null;
  /** W/A/S/D held, and the time of the last animation step. */
  readonly keys = { held: new Set<string>(), lastT: 0 };

  constructor(private target: InputTarget) {}

  /** The time at a client x. */
  timeAt(clientX: number): number {
    const r = this.target.canvasRect();
    const v = this.target.view();
    return v.t0 + ((clientX - r.left) / r.width) * (v.t1 - v.t0);
  }

  /** Whether keys are held (the frame loop then animates). */
  get animating(): boolean {
    return this.keys.held.size > 0;
  }

  wheel(e: WheelEvent): void {
    e.preventDefault();
    const t = this.target;
    const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    const dx = e.deltaMode === 1 ? e.deltaX * 16 : e.deltaX;
    if (e.shiftKey) return t.setScroll(t.scrollY() + (dy || dx));
    const v = t.view();
    if (Math.abs(dx) > Math.abs(dy)) return t.setView(pan(v, (dx / t.plotWidth()) * (v.t1 - v.t0)));
    t.setView(zoomAt(v, this.timeAt(e.clientX), Math.exp(dy * 0.0025)));
  }

  /** The wheel over the row labels scrolls. */
  gutterWheel(e: WheelEvent): void {
    e.preventDefault();
    this.target.setScroll(this.target.scrollY() + e.deltaY);
  }

  pointerDown(e: PointerEvent, onAxis = false): void {
    if (e.button !== 0) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const t = this.target;
    this.drag = { x: e.clientX, y: e.clientY, t: this.timeAt(e.clientX), scroll: t.scrollY(), view: { ...t.view() }, mode: onAxis || e.shiftKey ? 'select' : 'pan', moved: false };
  }

  /** `onCanvas`: over the span canvas (hover applies), not the axis. */
  pointerMove(e: PointerEvent, onCanvas: boolean): void {
    this.pointerT = this.timeAt(e.clientX);
    const d = this.drag;
    const t = this.target;
    if (!d) {
      if (onCanvas) t.hover(e);
      return;
    }
    t.hover(null);
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    d.moved = true;
    if (d.mode === 'pan') {
      const span = d.view.t1 - d.view.t0;
      t.setView(pan(d.view, (-dx / t.plotWidth()) * span));
      if (dy) t.setScroll(d.scroll - dy);
    } else {
      const at = this.timeAt(e.clientX);
      t.selecting({ t0: Math.min(at, d.t), t1: Math.max(at, d.t) });
    }
  }

  pointerUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    if (!d.moved) {
      if (d.mode === 'pan') this.target.click(e);
      else this.target.clearSelection();
      return;
    }
    if (d.mode === 'select') this.target.selected();
  }

  pointerLeave(): void {
    this.pointerT = null;
    this.target.hover(null);
  }

  key(e: KeyboardEvent, down: boolean): void {
    const tgt = e.target as HTMLElement;
    if (tgt && (tgt.tagName === 'INPUT' || tgt.tagName === 'TEXTAREA')) return;
    const k = e.key.toLowerCase();
    if (!KEYS.includes(k)) {
      if (down && k === 'escape') this.target.escape();
      if (down && k === '0') this.target.resetView();
      return;
    }
    e.preventDefault();
    const held = this.keys.held;
    if (down) {
      if (!held.size) this.keys.lastT = 0;
      held.add(k);
      this.target.requestFrame();
    } else held.delete(k);
  }

  /** One animation step of the held keys at frame time `now` (ms): zoom at the pointer, pan. */
  animate(now: number): void {
    const keys = this.keys;
    const dt = keys.lastT ? Math.min(50, now - keys.lastT) : 16;
    keys.lastT = now;
    const v0 = this.target.view();
    const span = v0.t1 - v0.t0;
    const at = this.pointerT ?? (v0.t0 + v0.t1) / 2;
    let v = v0;
    if (keys.held.has('w')) v = zoomAt(v, at, Math.pow(0.995, dt));
    if (keys.held.has('s')) v = zoomAt(v, at, Math.pow(1.005, dt));
    if (keys.held.has('a')) v = pan(v, -span * 0.0012 * dt);
    if (keys.held.has('d')) v = pan(v, span * 0.0012 * dt);
    this.target.setView(v, false);
  }

  /** Listens to the window's keys (and forgets held keys when it loses focus); returns the undo. */
  listen(): () => void {
    const kd = (e: KeyboardEvent) => this.key(e, true);
    const ku = (e: KeyboardEvent) => this.key(e, false);
    const blur = () => this.keys.held.clear();
    window.addEventListener('keydown', kd);
    window.addEventListener('keyup', ku);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', kd);
      window.removeEventListener('keyup', ku);
      window.removeEventListener('blur', blur);
    };
  }
}
