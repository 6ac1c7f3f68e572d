// Two traces' goroutine groups side by side (prof-trace -diff_base): per start function, the
// count, execution time and each breakdown column of go tool trace's group page summed over
// the group, for FILE and for BASE (zeros where a trace has no such group).

import type { GroupSide, GroupsCompareResponse } from '../api/types.js';
import { GoroutineSummaries } from './goroutine-summary.js';

const EXEC = 'Execution time';

/** Each group's totals (count, execution time, breakdown columns) by start function. */
export function groupTotals(summaries: GoroutineSummaries): Map<string, GroupSide> {
  const out = new Map<string, GroupSide>();
  for (const g of summaries.goroutines.values()) {
    let side = out.get(g.name);
    if (side === undefined) out.set(g.name, (side = emptySide()));
    side.count++;
    side.execNs += g.stats.execTime;
    for (const [k, v] of g.stats.nonOverlappingStats()) side.columns[k] = (side.columns[k] ?? 0) + v;
  }
  return out;
}

function emptySide(): GroupSide {
  return { count: 0, execNs: 0, columns: {} };
}

function addTo(total: GroupSide, s: GroupSide): void {
  total.count += s.count;
  total.execNs += s.execNs;
  for (const [k, v] of Object.entries(s.columns)) total.columns[k] = (total.columns[k] ?? 0) + v;
}

/** FILE's and BASE's groups paired by name, the largest |execution-time delta| first. */
export function compareGroups(file: GoroutineSummaries, base: GoroutineSummaries): GroupsCompareResponse {
  const a = groupTotals(file);
  const b = groupTotals(base);
  const names = new Set([...a.keys(), ...b.keys()]);
  const columns = new Set<string>();
  const totals = { file: emptySide(), base: emptySide() };
  const groups: GroupsCompareResponse['groups'] = [];
  for (const name of names) {
    const f = a.get(name) ?? emptySide();
    const bs = b.get(name) ?? emptySide();
    for (const k of [...Object.keys(f.columns), ...Object.keys(bs.columns)]) columns.add(k);
    addTo(totals.file, f);
    addTo(totals.base, bs);
    groups.push({ name, file: f, base: bs });
  }
  groups.sort((x, y) => Math.abs(y.file.execNs - y.base.execNs) - Math.abs(x.file.execNs - x.base.execNs) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const cols = [...columns].sort((x, y) => (x === y ? 0 : x === EXEC ? -1 : y === EXEC ? 1 : x < y ? -1 : 1));
  return { columns: cols, groups, totals };
}
