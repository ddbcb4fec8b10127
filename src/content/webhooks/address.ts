import { BlockList, isIP } from 'node:net'

/**
 * Which addresses may receive webhooks. The server POSTs wherever an admin points it, so without this
 * an admin (or whoever steals an admin session) could make it call itself, the cloud metadata service
 * (169.254.169.254 hands out credentials) or anything else on the private network behind it.
 *
 * The check runs twice: on the URL at registration (its host may be an IP literal or a name), and on
 * every address a name resolves to at delivery (webhook-request.ts), where the connection is then made
 * to exactly the address checked. Parsing is WHATWG `new URL`, which is also what the sender uses, so
 * `http://2130706433/`, `0x7f.1`, `0177.0.0.1` and `127.1` are all seen as the 127.0.0.1 they mean.
 */
export type WebhookAddressPolicy = {
  /** WEBHOOK_ALLOW_PRIVATE=1: an operator whose receivers live on the internal network. */
  allowPrivateAddresses?: boolean
}

// IANA's special-purpose IPv4 registry: nothing in it is a public receiver.
const blockedIpv4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT, and Alibaba's metadata service at 100.100.100.200
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, with the AWS/GCP/Azure/OpenStack metadata at 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255
]

// Public IPv6 unicast is 2000::/3; what is outside (::1, fc00::/7, fe80::/10, ff00::/8, …) never is.
// Inside it, these are documentation, protocol or tunnel ranges (6to4 and Teredo wrap an IPv4 address).
const blockedIpv6: [string, number][] = [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
]

const ipv4List = new BlockList()
for (const [network, prefix] of blockedIpv4) ipv4List.addSubnet(network, prefix, 'ipv4')
const globalIpv6 = new BlockList()
globalIpv6.addSubnet('2000::', 3, 'ipv6')
const ipv6List = new BlockList()
for (const [network, prefix] of blockedIpv6) ipv6List.addSubnet(network, prefix, 'ipv6')

/** True when `address` (an IP literal without brackets) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  // A zone (fe80::1%eth0) only exists on link-local addresses.
  if (address.includes('%')) return false
  const family = isIP(address)
  if (family === 4) return !ipv4List.check(address, 'ipv4')
  if (family !== 6) return false
  const embedded = embeddedIpv4(ipv6Groups(address))
  if (embedded) return isPublicAddress(embedded)
  return globalIpv6.check(address, 'ipv6') && !ipv6List.check(address, 'ipv6')
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address: the
 * former is how a dual-stack socket spells IPv4, the latter what DNS64 networks resolve names to.
 */
function embeddedIpv4(groups: number[]): string | null {
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)
  if (!mapped && !nat64) return null
  const [high = 0, low = 0] = groups.slice(6)
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
}

/** The eight 16-bit groups of an IPv6 address that `isIP` accepted. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase()
  const tail: number[] = []
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.slice(1).map(Number)
    tail.push(a * 256 + b, c * 256 + d)
    text = text.slice(0, dotted.index)
    if (!text.endsWith('::')) text = text.slice(0, -1)
  }
  const hex = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : [])
  const gap = text.indexOf('::')
  if (gap < 0) return [...hex(text), ...tail]
  const left = hex(text.slice(0, gap))
  const right = [...hex(text.slice(gap + 2)), ...tail]
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
}

// Names that only mean something inside a network: RFC 6761/6762/8375 special-use names, the names
// ICANN keeps from the root for private use, and cloud/cluster-internal zones.
const internalSuffixes = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home', 'corp', 'private', 'arpa', 'svc']
// Metadata services reachable under an ordinary-looking public name.
const metadataNames = new Set(['metadata.goog', 'metadata.tencentyun.com'])

/**
 * True for host names that point inside the network whatever DNS says today. A name without a dot
 * (`metadata`, `instance-data`, `intranet`) is completed by the resolver's search domains into an
 * internal one, so no public receiver can have one.
 */
export function isInternalHostName(name: string): boolean {
  const host = name.toLowerCase().replace(/\.+$/, '')
  if (!host.includes('.')) return true
  if (metadataNames.has(host)) return true
  return internalSuffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))
}

/** A URL's host as a resolver or socket takes it: without IPv6 brackets or trailing dots. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '')
}

export const privateAddressProblem =
  'must be a public address: loopback, private, link-local and other internal hosts cannot receive webhooks (an operator can allow them with WEBHOOK_ALLOW_PRIVATE=1)'

/**
 * Why `url` cannot receive webhooks, or null when it can. Credentials are refused even with private
 * addresses allowed: the address is shown in the admin and logged, and the signature header is how a
 * receiver knows the sender.
 */
export function webhookUrlProblem(url: string, policy: WebhookAddressPolicy = {}): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'must be an http:// or https:// address'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http:// or https:// address'
  if (parsed.username || parsed.password) return 'must not contain a user name or password: receivers check the X-Gazette-Signature header instead'
  if (policy.allowPrivateAddresses) return null
  const host = hostOf(parsed)
  const internal = isIP(host) ? !isPublicAddress(host) : isInternalHostName(host)
  return internal ? privateAddressProblem : null
}

/** An address fit for logs and error messages: origin and path, without credentials, query or fragment. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return '(not a valid URL)'
  }
}
