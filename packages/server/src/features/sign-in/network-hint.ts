import { isIPv4, isIPv6 } from 'node:net';

/**
 * A coarse hint of the address a sign-in started from, enough for a person to tell "home" from "abroad"
 * and never enough to locate them: the first two parts of an IPv4 address (`203.0.x.x`), the first 32
 * bits of an IPv6 one (`2001:db8::/32`), or null when the stored text is no address.
 */
export function networkHint(ip: string | null | undefined): string | null {
  const address = ip?.trim().replace(/%.*$/, '') ?? '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  const v4 = mapped && isIPv4(mapped) ? mapped : isIPv4(address) ? address : undefined;
  if (v4) return `${v4.split('.').slice(0, 2).join('.')}.x.x`;
  if (!isIPv6(address)) return null;
  const [head = ''] = address.toLowerCase().split('::');
  const groups = head ? head.split(':') : [];
  const first = (i: number) => Number.parseInt(groups[i] ?? '0', 16).toString(16);
  return `${first(0)}:${first(1)}::/32`;
}
