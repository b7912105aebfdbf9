// IP addresses a webhook may not reach: which range a literal address (IPv4 or IPv6, as a URL host or as DNS answers
// it) belongs to. Pure code, so the web app's forms can use the same rules.

/** The ranges Lotse never sends to (`loopback` only outside the local runtime); `public` is everything else. */
export type AddressRange =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'shared'
  | 'multicast'
  | 'reserved';

const RANGE_NAMES: Readonly<Record<Exclude<AddressRange, 'public'>, string>> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'the unspecified address',
  shared: 'a shared (carrier-grade NAT) address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/** How a refusal names a range in a message (`is a private address`). */
export function describeRange(range: Exclude<AddressRange, 'public'>): string {
  return RANGE_NAMES[range];
}

const DOTTED_QUAD = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The four octets of a dotted-decimal IPv4 address (the form the URL parser normalises every IPv4 spelling to). */
function ipv4Octets(text: string): number[] | undefined {
  return DOTTED_QUAD.test(text) ? text.split('.').map(Number) : undefined;
}

/** The eight 16-bit groups of an IPv6 address (`::` compressed, an IPv4 tail allowed, no zone); brackets stripped. */
function ipv6Groups(text: string): number[] | undefined {
  let value = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!value.includes(':') || value.includes('%')) return undefined;
  // An IPv4 tail (`::ffff:127.0.0.1`) stands for the last two groups.
  const lastColon = value.lastIndexOf(':');
  const last = value.slice(lastColon + 1);
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Octets(last) ?? [];
    if (!ipv4Octets(last)) return undefined;
    value = `${value.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = value.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
    return groups.map((group) => Number.parseInt(group, 16));
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const given = head.length + rest.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return undefined;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest];
}

function classifyIpv4([a = 0, b = 0, c = 0, d = 0]: number[]): AddressRange {
  if (a === 169 && b === 254 && c === 169 && d === 254) return 'metadata';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'shared';
  if (a >= 224 && a <= 239) return 'multicast';
  // 240/4 (reserved, with the broadcast address), 192.0.0/24 (protocol assignments), 198.18/15 (benchmarking).
  if (a >= 240 || (a === 192 && b === 0 && c === 0) || (a === 198 && (b === 18 || b === 19))) return 'reserved';
  return 'public';
}

function embeddedIpv4(high: number, low: number): number[] {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function classifyIpv6(groups: number[]): AddressRange {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstSix = [g0, g1, g2, g3, g4, g5];
  if (groups.every((group) => group === 0)) return 'unspecified';
  if (firstSix.every((group) => group === 0) && g6 === 0 && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address.
  const mapped = [g0, g1, g2, g3, g4].every((group) => group === 0) && (g5 === 0xffff || g5 === 0);
  const nat64 = g0 === 0x64 && g1 === 0xff9b && [g2, g3, g4, g5].every((group) => group === 0);
  if (mapped || nat64) return classifyIpv4(embeddedIpv4(g6, g7));
  // 6to4 (2002:a.b.c.d::/48) tunnels to the IPv4 address in its second and third groups.
  if (g0 === 0x2002) {
    const inner = classifyIpv4(embeddedIpv4(g1, g2));
    if (inner !== 'public') return inner;
  }
  if (g0 === 0xfd00 && g1 === 0x0ec2 && [g2, g3, g4, g5, g6].every((group) => group === 0) && g7 === 0x254) {
    return 'metadata';
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  // fec0::/10, the deprecated site-local range, is as private as fc00::/7.
  if ((g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/**
 * The range of an IP address literal: dotted-decimal IPv4 (the URL parser turns `0x7f.1`, `2130706433` and `0177.0.0.1`
 * into `127.0.0.1` before this sees them), or IPv6 with or without brackets. Undefined when `text` is no address (a
 * host name).
 */
export function classifyAddress(text: string): AddressRange | undefined {
  const octets = ipv4Octets(text);
  if (octets) return classifyIpv4(octets);
  const groups = ipv6Groups(text);
  return groups ? classifyIpv6(groups) : undefined;
}
