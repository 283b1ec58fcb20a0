import { BlockList, isIP } from "node:net";

/**
 * Which addresses an outbound call (alert webhooks today; campaign webhooks and payout callbacks
 * next) may reach. Anything a server-side request forgery would aim at is refused: loopback,
 * private, link-local (and so cloud metadata at 169.254.169.254), CGNAT, "this network",
 * multicast and reserved ranges, IPv6 unique-local, link-local and site-local, and IPv4 addresses
 * hidden inside IPv6 (mapped, compatible, NAT64, 6to4, Teredo). Checked on the resolved address,
 * which is then the one connected to (see fetch.ts), on every redirect hop.
 */

const V4: Array<[string, number, string]> = [
  ["0.0.0.0", 8, "this network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];
const V6: Array<[string, number, string]> = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
  ["100::", 64, "discard"],
  ["2001:db8::", 32, "documentation"],
  ["fd00:ec2::254", 128, "cloud metadata"],
];

const blocked = new Map<string, BlockList>();
for (const [net, prefix, why] of V4) (blocked.get(why) ?? blocked.set(why, new BlockList()).get(why)!).addSubnet(net, prefix, "ipv4");
for (const [net, prefix, why] of V6) (blocked.get(why) ?? blocked.set(why, new BlockList()).get(why)!).addSubnet(net, prefix, "ipv6");

/** The IPv4 address an IPv6 address carries, if any (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::/96, 2002::/16, Teredo). */
export function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!); // mapped
  if (zeros(0, 6) && (groups[6] !== 0 || groups[7]! > 1)) return v4(groups[6]!, groups[7]!); // compatible
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!); // NAT64
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!); // 6to4
  if (groups[0] === 0x2001 && groups[1] === 0) return v4(groups[6]! ^ 0xffff, groups[7]! ^ 0xffff); // Teredo client
  return null;
}

function expandIPv6(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.split("%")[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail === undefined ? [] : tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill("0");
  const groups = [...h, ...fill, ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 ? groups : null;
}

/** Why `address` (an IP literal) may not be reached, or null when it is a public address. */
export function refusedAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const [why, list] of blocked) if (list.check(address, type)) return why;
  if (family === 6) {
    const inner = embeddedIPv4(address);
    if (inner) {
      const why = refusedAddress(inner);
      if (why) return `${why} (inside an IPv6 address)`;
    }
  }
  return null;
}

export interface OutboundPolicy {
  /** host names (or IP literals) an admin allows even when they resolve to internal addresses (OUTBOUND_ALLOW_HOSTS) */
  allowHosts?: readonly string[];
}

/** Whether `host` (a URL's hostname, brackets removed) is on the admin's allow-list. */
export function allowedHost(host: string, policy: OutboundPolicy): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return (policy.allowHosts ?? []).some((a) => a.toLowerCase().replace(/\.$/, "") === h);
}
