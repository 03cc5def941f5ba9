import { isIPv4, isIPv6 } from 'node:net';

/**
 * The rate-limit key of a client address: one person, one key. An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`,
 * what a dual-stack listener reports) counts as its IPv4 address, and an IPv6 address as its /64 network,
 * since a single host is routinely given a whole /64 to pick addresses from (RFC 4291, 2.5.1; RFC 8981).
 * Anything that is no address (a proxy passed on a client's invention) is kept as it is and only hashed.
 */
export function addressKey(ip: string): string {
  const address = ip.trim().replace(/%.*$/, ''); // an IPv6 zone id says nothing about the client
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  return ip;
}

/** The eight 16-bit groups of an IPv6 address, expanded (`::` and a trailing dotted quad included). */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase();
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...(tail === undefined ? [] : zeros), ...right].map((g) =>
    Number.parseInt(g, 16).toString(16),
  );
}
