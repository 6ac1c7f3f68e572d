// Mutations of trace bytes for the fuzz tests: bit flips, truncations, splices of another
// trace, varint garbage and random bytes, driven by a seeded PRNG so failures reproduce.

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mutate(src: Uint8Array, other: Uint8Array, r: () => number): Uint8Array {
  const b = Uint8Array.from(src);
  const kind = Math.floor(r() * 5);
  const pos = 16 + Math.floor(r() * Math.max(1, b.length - 16));
  switch (kind) {
    case 0: // bit flips
      for (let k = 0, n = 1 + Math.floor(r() * 8); k < n; k++) {
        const p = 16 + Math.floor(r() * (b.length - 16));
        b[p]! ^= 1 << Math.floor(r() * 8);
      }
      return b;
    case 1: // truncation
      return b.subarray(0, pos);
    case 2: {
      // splice a piece of another trace in
      const from = 16 + Math.floor(r() * (other.length - 16));
      const len = Math.floor(r() * 2048);
      const piece = other.subarray(from, from + len);
      const out = new Uint8Array(pos + piece.length + (b.length - pos));
      out.set(b.subarray(0, pos));
      out.set(piece, pos);
      out.set(b.subarray(pos), pos + piece.length);
      return out;
    }
    case 3: // a run of continuation bytes (varint garbage)
      for (let k = 0; k < 12 && pos + k < b.length; k++) b[pos + k] = 0xff;
      return b;
    default: // random bytes
      for (let k = 0; k < 64 && pos + k < b.length; k++) b[pos + k] = Math.floor(r() * 256);
      return b;
  }
}
