import { timingSafeEqual, createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { MetricsAccess } from '../../config.ts';

/**
 * Whether a request may read the metrics: its client address (as the app reads it, TRUST_PROXY
 * applied) is in METRICS_ALLOW, or it carries METRICS_TOKEN as a bearer token. With neither set,
 * nothing may.
 */
export function metricsGate(access: MetricsAccess): (client: { ip: string; authorization: string | undefined }) => boolean {
  const allowed = allowList(access.allow);
  const token = access.token === null ? null : digestOf(access.token);
  return ({ ip, authorization }) => {
    if (allowed && isAllowed(allowed, ip)) return true;
    if (!token || authorization === undefined) return false;
    const [scheme, presented] = authorization.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !presented) return false;
    // Digests of equal length, compared in constant time: neither the token's length nor how much
    // of it a guess got right shows in the time the answer takes.
    return timingSafeEqual(digestOf(presented), token);
  };
}

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** net.BlockList of the configured addresses and ranges (checked by config.ts); null when there are none. */
function allowList(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d; it matches the IPv4 ranges as itself. */
function isAllowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return list.check(mapped, 'ipv4') || list.check(ip, 'ipv6');
  const family = isIP(ip);
  if (family === 0) return false;
  return list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}
