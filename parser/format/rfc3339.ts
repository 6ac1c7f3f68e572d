// Go's time.Unix(sec, nsec).Format(time.RFC3339Nano) in the local time zone, as go tool trace prints sync wall clocks.

export function formatRFC3339Nano(sec: number, nsec: number): string {
  sec += Math.floor(nsec / 1e9);
  nsec = nsec % 1e9;
  const ms = sec * 1000;
  const offsetMin = -new Date(ms).getTimezoneOffset();
  const d = new Date(ms + offsetMin * 60000);
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  let s =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (nsec !== 0) s += '.' + pad(nsec, 9).replace(/0+$/, '');
  if (offsetMin === 0) return s + 'Z';
  const a = Math.abs(offsetMin);
  return s + (offsetMin < 0 ? '-' : '+') + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
}
