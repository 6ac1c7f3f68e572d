// Go's fmt "%.Nf" for float64: like toFixed, but exact ties round half to even (Go rounds the
// exact binary value correctly; JavaScript's toFixed rounds exact ties up).

export function goFixed(x: number, digits: number): string {
  const plain = x.toFixed(digits);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return plain;
  // The exact decimal expansion of x (finite: x is a dyadic rational) decides whether it is a tie.
  const exact = Math.abs(x).toFixed(100);
  const point = exact.indexOf('.');
  const rest = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return plain;
  // A tie: toFixed rounded away from zero; Go keeps the even neighbour.
  const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(kept[kept.length - 1]);
  if (lastDigit % 2 === 0) return (x < 0 ? '-' : '') + kept;
  return plain;
}
