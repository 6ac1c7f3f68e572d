// Go's time.Unix(int64(sec), int64(nsec)).Format(time.RFC3339Nano) in the local time zone, as go
// tool trace prints sync wall clocks: exact for any uint64 pair the trace carries (a damaged one
// too), with Go's int64 and uint64 wrap-around, through its absolute-date algorithm (time.go).

const SECONDS_PER_DAY = 86400n;
/** Go's absoluteYears: absolute time counts from March 1 of year -absoluteYears. */
const ABSOLUTE_YEARS = 292277022400n;
/** Go's unixToInternal + internalToAbsolute (seconds). */
const UNIX_TO_INTERNAL = (1969n * 365n + 1969n / 4n - 1969n / 100n + 1969n / 400n) * SECONDS_PER_DAY;
const MARCH_THRU_DECEMBER = 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31;
// -(absoluteYears*365.2425 + marchThruDecember) * secondsPerDay, as Go's constant arithmetic makes it.
const INTERNAL_TO_ABSOLUTE = ((ABSOLUTE_YEARS * 3652425n) / 10000n + BigInt(MARCH_THRU_DECEMBER)) * SECONDS_PER_DAY;
const UNIX_TO_ABSOLUTE = UNIX_TO_INTERNAL + INTERNAL_TO_ABSOLUTE;

/** utc: format in UTC instead of the local zone (tests). */
export function formatRFC3339Nano(sec0: number | bigint, nsec0: number | bigint, utc = false): string {
  // time.Unix: nsec outside [0, 1e9) moves whole seconds into sec (int64 arithmetic).
  let sec = BigInt.asIntN(64, BigInt(sec0));
  let nsec = BigInt.asIntN(64, BigInt(nsec0));
  if (nsec < 0n || nsec >= 1_000_000_000n) {
    const n = nsec / 1_000_000_000n;
    sec = BigInt.asIntN(64, sec + n);
    nsec -= n * 1_000_000_000n;
    if (nsec < 0n) {
      nsec += 1_000_000_000n;
      sec = BigInt.asIntN(64, sec - 1n);
    }
  }
  // The local zone's offset at that instant (JavaScript's Date knows ±275,000 years; beyond, UTC's).
  const d = new Date(Number(sec) * 1000);
  const tz = d.getTimezoneOffset();
  const offsetSec = utc || Number.isNaN(tz) ? 0 : -tz * 60;
  const abs = BigInt.asUintN(64, sec + BigInt(offsetSec) + UNIX_TO_ABSOLUTE);
  const [year, month, day] = absDate(abs / SECONDS_PER_DAY);
  const clock = Number(abs % SECONDS_PER_DAY);
  const hour = Math.floor(clock / 3600);
  const min = Math.floor((clock % 3600) / 60);
  const s2 = clock % 60;
  const pad = (v: number | bigint, w = 2) => (v < 0 ? '-' + String(-v).padStart(w, '0') : String(v).padStart(w, '0'));
  let s = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(min)}:${pad(s2)}`;
  if (nsec !== 0n) s += '.' + pad(nsec, 9).replace(/0+$/, '');
  if (offsetSec === 0) return s + 'Z';
  const a = Math.abs(offsetSec / 60);
  return s + (offsetSec < 0 ? '-' : '+') + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
}

/** Go's absDays.date: year (int64 wrap), month, day of absolute day number days. */
function absDate(days: bigint): [bigint, number, number] {
  const d = BigInt.asUintN(64, 4n * days + 3n);
  const century = d / 146097n;
  const cd = Number(d % 146097n) | 3;
  // bits.Mul32(2939745, cd): high and low 32 bits of the 64-bit product.
  const p = BigInt(cd) * 2939745n;
  const cyear = Number(p >> 32n);
  const ayday = Math.floor(Number(p & 0xffffffffn) / 2939745 / 4);
  const md = 2141 * ayday + 197913;
  const amonth = md >>> 16;
  const mday = 1 + Math.floor((md & 0xffff) / 2141);
  const janFeb = ayday >= MARCH_THRU_DECEMBER ? 1 : 0;
  const year = BigInt.asIntN(64, BigInt.asUintN(64, century * 100n - ABSOLUTE_YEARS) + BigInt(cyear) + BigInt(janFeb));
  return [year, amonth - janFeb * 12, mday];
}
