// Go's math.Exp and math.Log as go tool trace computes them on linux/amd64, bit for bit.
//
// go tool trace derives numbers from exp/log (the MMU plot's window sizes are trunc(exp(…))),
// and V8's Math.exp/Math.log can differ from Go's by an ulp, which moves a window by 1 ns.
// On amd64 Go runs assembly, not its portable Go code:
//  - Log: the FreeBSD-derived polynomial (frexp, then s = f/(2+f) and a degree-7 series in s),
//    every step rounded on its own, no fused operations. Doubles in JS round the same way.
//  - Exp: a different algorithm from the portable one (Shibata's, from SLEEF): n = round(x/ln2),
//    r = (x - n·ln2)/16 with ln2 split in two, a Taylor polynomial for e^r - 1, squared back four
//    times, then scaled by 2^n. On CPUs with AVX and FMA (every x86-64 since 2013, and the machines
//    our goldens were made on) Go takes a variant where the reduction, the polynomial and the last
//    step use fused multiply-adds, which round once; fma() below computes those exactly.
// Written from the algorithm's description in Go's math/exp_amd64.s and log_amd64.s.

const LN2_HI = 0.69314718055966295651160180568695068359375; // ln 2, upper part
const LN2_LO = 0.28235290563031577122588448175013436025525412068e-12; // ln 2, lower part
const LOG2E = 1.442695040888963407359924681001892;
const EXP_OVERFLOW = 7.09782712893384e2;
/** Taylor coefficients 1/k! for k = 2..8, then 1 (for k = 1). */
const T2 = 0.5;
const T3 = 1.6666666666666666667e-1;
const T4 = 4.1666666666666666667e-2;
const T5 = 8.3333333333333333333e-3;
const T6 = 1.3888888888888888889e-3;
const T7 = 1.984126984126984127e-4;
const T8 = 2.4801587301587301587e-5;

/**
 * Go's math.Exp on linux/amd64. withFma selects the path Go takes on CPUs with AVX+FMA
 * (the default) or the one it takes without them.
 */
export function goExp(x: number, withFma = true): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > EXP_OVERFLOW) return Infinity;
  // n: x/ln2 rounded to the nearest integer, ties to even (the CPU's default rounding).
  const n = roundHalfEven(x * LOG2E);
  if (n > 2147483647 || n < -2147483648) return x > 0 ? Infinity : 0; // the conversion's "indefinite" value
  let r: number;
  let e: number;
  if (withFma) {
    r = fma(-n, LN2_HI, x);
    r = fma(-n, LN2_LO, r);
    r *= 0.0625;
    let p = fma(T8, r, T7);
    p = fma(p, r, T6);
    p = fma(p, r, T5);
    p = fma(p, r, T4);
    p = fma(p, r, T3);
    p = fma(p, r, T2);
    p = fma(p, r, 1);
    e = r * p; // e^r - 1
    for (let k = 0; k < 3; k++) e *= e + 2; // (e+1)^2 - 1 = e(e+2)
    e = fma(e, e + 2, 1);
  } else {
    r = x - n * LN2_HI;
    r -= n * LN2_LO;
    r *= 0.0625;
    let p = T8 * r + T7;
    p = p * r + T6;
    p = p * r + T5;
    p = p * r + T4;
    p = p * r + T3;
    p = p * r + T2;
    p = p * r + 1;
    e = r * p;
    for (let k = 0; k < 4; k++) e *= e + 2;
    e += 1;
  }
  // Scale by 2^n as the assembly does: with a normal power of two, or in two steps near underflow.
  const biased = n + 1023;
  if (biased >= 0x7ff) return Infinity;
  if (biased > 0) return e * pow2(n);
  if (biased < -52) return 0;
  return e * pow2(biased + 1022 - 1023) * pow2(-1022);
}

const SQRT2_HALF = 7.07106781186547524401e-1;
const LOG_LN2_HI = 6.9314718036912381649e-1;
const LOG_LN2_LO = 1.90821492927058770002e-10;
const L1 = 6.66666666666673513e-1;
const L2 = 3.999999999940941908e-1;
const L3 = 2.857142874366239149e-1;
const L4 = 2.222219843214978396e-1;
const L5 = 1.818357216161805012e-1;
const L6 = 1.531383769920937332e-1;
const L7 = 1.479819860511658591e-1;

const bits = new DataView(new ArrayBuffer(8));

/** Go's math.Log on linux/amd64. */
export function goLog(x: number): number {
  if (x === 0) return -Infinity;
  if (x < 0 || Number.isNaN(x)) return NaN;
  if (x === Infinity) return x;
  // x = f1 · 2^k with f1 in [0.5, 1): the assembly takes the fraction bits under an exponent of
  // 2^-1 and the exponent field as it stands (so subnormals are not normalized first).
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  let k = ((hi >>> 20) & 0x7ff) - 0x3fe;
  bits.setUint32(0, (hi & 0x000fffff) | 0x3fe00000);
  let f1 = bits.getFloat64(0);
  if (f1 < SQRT2_HALF) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  const t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * LOG_LN2_HI - (hfsq - (s * (hfsq + R) + k * LOG_LN2_LO) - f);
}

/** x rounded to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x); // halves go up here
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** 2^n for an integer n in the double range (exact). */
function pow2(n: number): number {
  return 2 ** n;
}

/** a·b + c rounded once (to nearest, ties to even), as a fused multiply-add does. */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || a === 0 || b === 0) return a * b + c;
  const [ma, ea] = exact(a);
  const [mb, eb] = exact(b);
  const pm = ma * mb;
  const pe = ea + eb;
  if (c === 0) return toDouble(pm, pe);
  const [mc, ec] = exact(c);
  const e = Math.min(pe, ec);
  const sum = (pm << BigInt(pe - e)) + (mc << BigInt(ec - e));
  if (sum === 0n) return 0;
  return toDouble(sum, e);
}

/** A finite nonzero double as an exact integer mantissa and a power of two: x = m · 2^e. */
function exact(x: number): [bigint, number] {
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return [hi >>> 31 ? -m : m, e];
}

/** The double nearest m · 2^e (ties to even), subnormals and overflow included. */
function toDouble(m: bigint, e: number): number {
  const neg = m < 0n;
  let a = neg ? -m : m;
  const len = a.toString(2).length;
  // Keep 53 significant bits, or fewer where the result's last bit would fall below 2^-1074.
  let shift = Math.max(len - 53, -1074 - e);
  if (shift > 0) {
    const s = BigInt(shift);
    const q = a >> s;
    const rest = a - (q << s);
    const half = 1n << (s - 1n);
    a = rest > half || (rest === half && (q & 1n) === 1n) ? q + 1n : q;
  } else {
    shift = 0;
  }
  const exp = e + shift;
  let v = Number(a); // at most 2^53: exact
  // Scale in steps so that no intermediate power of two leaves the double range.
  let n = exp;
  while (n > 1000) {
    v *= 2 ** 1000;
    n -= 1000;
  }
  v *= 2 ** n; // n >= -1074 here, and the product is representable (or overflows to Infinity)
  return neg ? -v : v;
}
