// The viewer's stack frames: a prefix tree of the stacks named so far, root (outermost frame)
// first and keyed by PC at each level, as go tool trace numbers them. A stack becomes the id of
// its leaf node ("sf"/"esf" of an event); each node is written once as {"name": "func:line",
// "parent": id}. Only the nodes that events written to the output reach are written.

import type { EventStore } from '../../parser/events.js';
import { jsonString } from './json-text.js';

export class StackFrames {
  /** Node id -> parent node id (node 0 is the root, no frame). */
  private parent: number[] = [0];
  /** Node id -> "func:line". */
  private name: string[] = [''];
  /** Node id -> its children by PC (created on first child). */
  private children: (Map<number, number> | undefined)[] = [undefined];
  /** Store stack id -> leaf node id, once built (-1: not yet). */
  private built: Int32Array;
  /** Nodes reached by written events. */
  private required = new Uint8Array(64);
  private requiredCount = 0;

  constructor(private store: EventStore) {
    this.built = new Int32Array(store.stackStart.length).fill(-1);
  }

  /** Number of nodes (the root excluded). */
  get size(): number {
    return this.parent.length - 1;
  }

  /** The node id of a store stack (0 for no stack / an empty one), creating its nodes on first use. */
  id(stack: number): number {
    if (stack <= 0) return 0;
    if (stack >= this.built.length) return 0;
    const known = this.built[stack]!;
    if (known >= 0) return known;
    const s = this.store;
    let node = 0;
    for (let k = s.stackEnd[stack]! - 1; k >= s.stackStart[stack]!; k--) {
      const f = s.stackFrameIds[k]!;
      const pc = s.framePc[f]!;
      let kids = this.children[node];
      if (kids === undefined) this.children[node] = kids = new Map();
      let child = kids.get(pc);
      if (child === undefined) {
        child = this.parent.length;
        this.parent.push(node);
        this.name.push(`${s.strings[s.frameFunc[f]!]}:${s.frameLine[f]}`);
        this.children.push(undefined);
        kids.set(pc, child);
      }
      node = child;
    }
    this.built[stack] = node;
    return node;
  }

  /** Marks a node and its ancestors as written (their definitions go into the output). */
  require(node: number): void {
    while (node !== 0) {
      if (node >= this.required.length) {
        const r = new Uint8Array(Math.max(node + 1, this.required.length * 2));
        r.set(this.required);
        this.required = r;
      }
      if (this.required[node] === 1) return;
      this.required[node] = 1;
      this.requiredCount++;
      node = this.parent[node]!;
    }
  }

  /** Calls fn for a node and each of its ancestors (leaf first). */
  walk(node: number, fn: (id: number) => void): void {
    while (node !== 0) {
      fn(node);
      node = this.parent[node]!;
    }
  }

  parentOf(node: number): number {
    return this.parent[node]!;
  }
  nameOf(node: number): string {
    return this.name[node]!;
  }

  /** The "stackFrames" object of the required nodes, keys in Go's order (as strings). */
  requiredJson(): string {
    const ids: number[] = [];
    for (let k = 1; k < this.required.length; k++) if (this.required[k] === 1) ids.push(k);
    ids.sort(byDecimalText);
    let out = '{';
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const p = this.parent[id]!;
      if (k > 0) out += ',';
      out += `"${id}":{"name":${jsonString(this.name[id]!)}${p !== 0 ? `,"parent":${p}` : ''}}`;
    }
    return out + '}';
  }
}

/** Order of non-negative integers' decimal texts (Go sorts a map's string keys). */
function byDecimalText(a: number, b: number): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
