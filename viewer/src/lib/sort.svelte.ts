// Sort state of a table (column key and direction), clicking a header toggles it.

export class Sorter {
  key = $state('');
  desc = $state(true);

  constructor(key: string, desc = true) {
    this.key = key;
    this.desc = desc;
  }

  toggle(key: string): void {
    if (this.key === key) this.desc = !this.desc;
    else {
      this.key = key;
      this.desc = true;
    }
  }

  arrow(key: string): string {
    return this.key === key ? (this.desc ? ' ▾' : ' ▴') : '';
  }

  sort<T>(rows: T[], get: (r: T, key: string) => number | string): T[] {
    const k = this.key;
    const d = this.desc ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = get(a, k);
      const y = get(b, k);
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * d;
      return String(x).localeCompare(String(y)) * d;
    });
  }
}
