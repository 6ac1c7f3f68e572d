// Loading progress on stderr: a redrawn bar on a terminal, plain lines every 10% otherwise.

import { byteCount } from '../parser/damage.js';

export class ProgressBar {
  private readonly started = performance.now();
  private lastDecile = -1;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty = Boolean(out.isTTY),
    private readonly label = 'Parsing trace',
  ) {}

  private line(done: number): string {
    const pct = this.total > 0 ? Math.min(100, (done / this.total) * 100) : 100;
    const secs = (performance.now() - this.started) / 1000;
    const rate = secs > 0 ? done / secs / 1e6 : 0;
    return `${pct.toFixed(0).padStart(3)}%  ${byteCount(done)} of ${byteCount(this.total)}  ${rate.toFixed(1)} MB/s`;
  }

  update(done: number): void {
    if (this.tty) {
      const now = performance.now();
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = this.total > 0 ? Math.round((Math.min(done, this.total) / this.total) * width) : width;
      this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.line(done)}\x1b[K`);
      this.drawn = true;
      return;
    }
    const decile = this.total > 0 ? Math.floor((Math.min(done, this.total) / this.total) * 10) : 10;
    if (decile <= this.lastDecile) return;
    this.lastDecile = decile;
    this.out.write(`${this.label}: ${this.line(done)}\n`);
  }

  /** Ends the bar's line (on a terminal). */
  finish(): void {
    if (this.tty && this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  /** Prints a status line ("Analyzing…"), ending the bar first. */
  status(text: string): void {
    this.finish();
    this.out.write(`${text}\n`);
  }
}
