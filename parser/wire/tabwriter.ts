// The subset of Go's text/tabwriter that cmd/trace uses: tab-terminated cells
// aligned into columns (elastic tabstops), left-aligned, padded with a pad
// character. No escapes, HTML filtering or flags (AlignRight, Debug, ...).

interface Cell {
  /** Cell text (without its terminator). */
  text: string;
  /** Width in runes (Go counts UTF-8 code points). */
  width: number;
  /** Terminated by '\t' (as opposed to '\v' or end of line). */
  htab: boolean;
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is one code point; a lone surrogate counts once (it is written as U+FFFD).
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

/**
 * Buffers text and emits it aligned on flush(), like tabwriter.NewWriter(out,
 * minwidth, tabwidth, padding, padchar, 0). A cell is text terminated by '\t'
 * (or '\v'); the text after the last tab of a line is not part of any column.
 * A column block is a run of consecutive lines that all have a cell in that
 * column; each block is as wide as its widest cell plus padding (at least
 * minwidth). A line without tabs, or '\f', ends all blocks (and flushes).
 */
export class TabWriter {
  private lines: Cell[][] = [[]];
  private cellText = '';
  private widths: number[] = [];
  private out: string[] = [];

  constructor(
    private readonly output: (s: string) => void,
    private readonly minwidth: number,
    private readonly tabwidth: number,
    private readonly padding: number,
    private readonly padchar: string,
  ) {
    if (minwidth < 0 || tabwidth < 0 || padding < 0) throw new RangeError('negative minwidth, tabwidth, or padding');
    if (padchar.length !== 1) throw new RangeError('padchar must be one character');
  }

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      // '\t', '\v', '\n', '\f'
      if (ch === 0x09 || ch === 0x0b || ch === 0x0a || ch === 0x0c) {
        this.cellText += text.slice(start, i);
        start = i + 1;
        const ncells = this.terminateCell(ch === 0x09);
        if (ch === 0x0a || ch === 0x0c) {
          this.lines.push([]);
          if (ch === 0x0c || ncells === 1) this.flushLines();
        }
      }
    }
    this.cellText += text.slice(start);
  }

  /** Formats and emits everything buffered (the trailing incomplete line too). */
  flush(): void {
    if (this.cellText.length > 0) this.terminateCell(false);
    this.flushLines();
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cellText, width: runeCount(this.cellText), htab });
    this.cellText = '';
    return line.length;
  }

  private flushLines(): void {
    this.format(0, this.lines.length);
    if (this.out.length > 0) {
      this.output(this.out.join(''));
      this.out = [];
    }
    this.lines = [[]];
    this.cellText = '';
    this.widths = [];
  }

  /** Go's tabwriter.format: recursively sizes column blocks of lines[line0:line1]. */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= this.lines[cur].length - 1) continue;
      // Lines line0..cur-1 have no cell in this column: print them with the current widths.
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.minwidth;
      for (; cur < line1; cur++) {
        const line = this.lines[cur];
        if (column >= line.length - 1) break;
        const w = line[column].width + this.padding;
        if (w > width) width = w;
      }
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    const out = this.out;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        out.push(c.text);
        if (j < this.widths.length) this.writePadding(c.width, this.widths[j]);
      }
      // The last buffered line is the incomplete one: no newline after it.
      if (i + 1 < this.lines.length) out.push('\n');
    }
  }

  private writePadding(textw: number, cellw: number): void {
    if (this.padchar === '\t') {
      if (this.tabwidth === 0) return;
      cellw = Math.ceil(cellw / this.tabwidth) * this.tabwidth;
      this.out.push('\t'.repeat(Math.ceil((cellw - textw) / this.tabwidth)));
      return;
    }
    this.out.push(this.padchar.repeat(cellw - textw));
  }
}
