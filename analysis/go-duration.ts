// Go's time.Duration text: format (Duration.String(), as go tool trace's pages print times)
// and parse (back to integer nanoseconds, exactly).

const NS_PER = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 } as const;

/** Digits of v / 10^prec after the point, trailing zeros dropped ("" when the fraction is 0). */
function fraction(v: number, prec: number): { frac: string; int: number } {
  const scale = 10 ** prec;
  const int = Math.floor(v / scale);
  const rest = v - int * scale;
  if (rest === 0) return { frac: '', int };
  const digits = String(rest).padStart(prec, '0').replace(/0+$/, '');
  return { frac: '.' + digits, int };
}

/** Formats integer nanoseconds as Go's Duration.String() does ("0s", "512ns", "1.5ms", "2m3.4s", "1h0m0s"). */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e9) {
    let unit: string;
    let prec: number;
    if (u < 1e3) {
      unit = 'ns';
      prec = 0;
    } else if (u < 1e6) {
      unit = 'µs';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const f = fraction(u, prec);
    out = `${f.int}${f.frac}${unit}`;
  } else {
    const f = fraction(u, 9);
    u = f.int;
    out = `${u % 60}${f.frac}s`;
    u = Math.floor(u / 60);
    if (u > 0) {
      out = `${u % 60}m` + out;
      u = Math.floor(u / 60);
      if (u > 0) out = `${u}h` + out;
    }
  }
  return neg ? '-' + out : out;
}

/** Parses a Go duration string ("1h2m3.5s", "956.288µs", "0s") to integer nanoseconds; throws on bad input. */
export function parseDuration(text: string): number {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`bad duration ${JSON.stringify(text)}`);
  let total = 0;
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new Error(`bad duration ${JSON.stringify(text)}`);
    const unit = NS_PER[m[3] as keyof typeof NS_PER];
    total += Number(m[1] || '0') * unit;
    const frac = m[2] ?? '';
    if (frac !== '') total += Math.round((Number(frac) * unit) / 10 ** frac.length);
    s = s.slice(m[0].length);
  }
  return sign * total;
}
