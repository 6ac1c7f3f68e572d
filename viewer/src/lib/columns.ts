// Colours of go tool trace's breakdown columns ("Execution time", "Block time (chan send)", …),
// matching the timeline's state colours.
import { styleColor } from '../timeline/colors.js';

export function columnColor(col: string): string {
  const block = /^Block time \((.*)\)$/.exec(col);
  if (block) return styleColor('waiting', block[1]!);
  if (/^Execution/i.test(col)) return styleColor('running', '');
  if (/^Sched/i.test(col)) return styleColor('runnable', '');
  if (/^Syscall/i.test(col)) return styleColor('syscall', '');
  if (/GC|sweep/i.test(col)) return styleColor('gc', '');
  if (/Unknown/i.test(col)) return '#d1d5db';
  return styleColor('other', col);
}
