// Go's fmt "%v" for a float64 (strconv 'g' with the shortest digits): exponent form when the
// decimal exponent is < -4 or >= 6 (the precision Go uses for shortest), e.g. 2.8307191792e+06.

export function goFloatV(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const e = Math.abs(x).toExponential(); // shortest round-trip digits: "d.ddde+N"
  const at = e.indexOf('e');
  const exp = Number(e.slice(at + 1));
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${sign}${e.slice(0, at)}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  return String(x);
}
