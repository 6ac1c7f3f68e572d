// The -http=addr flag as go tool trace reads it ("host:port", ":port", "host"), defaulting to
// 127.0.0.1 on a free port. A bare ":port" binds loopback too: exposing a trace to the network
// takes an explicit host such as 0.0.0.0.

export interface ListenAddr {
  host: string;
  port: number;
}

export class AddrError extends Error {}

export function parseHttpAddr(addr: string | undefined): ListenAddr {
  if (addr === undefined || addr === '') return { host: '127.0.0.1', port: 0 };
  let host = addr;
  let port = '0';
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(addr);
  if (m === null) throw new AddrError(`invalid -http address ${JSON.stringify(addr)}: want host:port`);
  host = m[1]!;
  if (m[2] !== undefined) port = m[2];
  if (host.startsWith('[')) host = host.slice(1, -1);
  if (host === '') host = '127.0.0.1';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new AddrError(`invalid -http address ${JSON.stringify(addr)}: bad port ${JSON.stringify(port)}`);
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new AddrError(`invalid -http address ${JSON.stringify(addr)}: bad host`);
  return { host, port: Number(port) };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** How a URL writes the host (IPv6 in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
