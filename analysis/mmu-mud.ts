// Go's mutator utilization distribution (internal/trace mud.go): a sum of uniform pieces and
// Dirac deltas over utilization, with a histogram to track one inverse cumulative sum cheaply.

const MUD_DEGREE = 1024;

interface Edge {
  x: number;
  delta: number;
  dirac: number;
}

export class Mud {
  private sorted: Edge[] | null = null;
  private unsorted: Edge[] = [];
  private trackMass = 0;
  private trackBucket = 0;
  private trackSum = 0;
  private hist = new Float64Array(MUD_DEGREE);

  add(l: number, r: number, area: number): void {
    if (area === 0) return;
    if (r < l) [l, r] = [r, l];
    if (l === r) this.unsorted.push({ x: l, delta: 0, dirac: area });
    else {
      const delta = area / (r - l);
      this.unsorted.push({ x: l, delta, dirac: 0 }, { x: r, delta: -delta, dirac: 0 });
    }
    const h = this.hist;
    let lb = Math.trunc(l * MUD_DEGREE);
    let lf = l * MUD_DEGREE - lb;
    if (lb >= MUD_DEGREE) [lb, lf] = [MUD_DEGREE - 1, 1];
    if (l === r) h[lb] = h[lb]! + area;
    else {
      let rb = Math.trunc(r * MUD_DEGREE);
      let rf = r * MUD_DEGREE - rb;
      if (rb >= MUD_DEGREE) [rb, rf] = [MUD_DEGREE - 1, 1];
      if (lb === rb) h[lb] = h[lb]! + area;
      else {
        const perBucket = area / (r - l) / MUD_DEGREE;
        h[lb] = h[lb]! + perBucket * (1 - lf);
        h[rb] = h[rb]! + perBucket * rf;
        for (let i = lb + 1; i < rb; i++) h[i] = h[i]! + perBucket;
      }
    }
    const thresh = this.trackBucket / MUD_DEGREE;
    if (l < thresh) {
      if (r < thresh) this.trackSum += area;
      else this.trackSum += (area * (thresh - l)) / (r - l);
      if (this.trackSum >= this.trackMass) this.setTrackMass(this.trackMass);
    }
  }

  setTrackMass(mass: number): void {
    this.trackMass = mass;
    let sum = 0;
    for (let i = 0; i < MUD_DEGREE; i++) {
      const newSum = sum + this.hist[i]!;
      if (newSum > mass) {
        this.trackBucket = i;
        this.trackSum = sum;
        return;
      }
      sum = newSum;
    }
    this.trackBucket = MUD_DEGREE;
    this.trackSum = sum;
  }

  /** [lower, upper) bounds of the tracked inverse cumulative sum, or null if not reached yet. */
  approxInvCumulativeSum(): [number, number] | null {
    if (this.trackBucket === MUD_DEGREE) return null;
    return [this.trackBucket / MUD_DEGREE, (this.trackBucket + 1) / MUD_DEGREE];
  }

  /**
   * The utilization x with at least y time spent at utilization <= x (NaN when empty). Edges
   * with equal x are kept in insertion order (Go's pdqsort may order them otherwise; in
   * go tool trace 1.26 no edge is ever added, see mmu-curve.ts).
   */
  invCumulativeSum(y: number): number {
    if ((this.sorted === null || this.sorted.length === 0) && this.unsorted.length === 0) return NaN;
    const edges = this.unsorted.slice().sort((a, b) => a.x - b.x);
    this.unsorted = [];
    if (this.sorted === null) this.sorted = edges;
    else {
      const old = this.sorted;
      const merged: Edge[] = [];
      let i = 0;
      let j = 0;
      while (i < old.length || j < edges.length) {
        if (i >= old.length) merged.push(edges[j++]!);
        else if (j >= edges.length) merged.push(old[i++]!);
        else if (old[i]!.x < edges[j]!.x) merged.push(old[i++]!);
        else merged.push(edges[j++]!);
      }
      this.sorted = merged;
    }
    let csum = 0;
    let rate = 0;
    let prevX = 0;
    for (const e of this.sorted) {
      let newCsum = csum + (e.x - prevX) * rate;
      if (newCsum >= y) {
        if (rate === 0) return e.x;
        return (y - csum) / rate + prevX;
      }
      newCsum += e.dirac;
      if (newCsum >= y) return e.x;
      csum = newCsum;
      prevX = e.x;
      rate += e.delta;
    }
    return prevX;
  }
}
