import { BlockList, isIP } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/**
 * Which proxies may tell us the client's address (`TRUST_PROXY`): none (X-Forwarded-For is ignored,
 * the socket's peer is the client), a number of hops (each appends the address it saw to
 * X-Forwarded-For), or the proxies' own addresses and networks.
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; proxies: BlockList; listed: string[] }

export const trustNoProxy: TrustProxy = { kind: 'none' }

/**
 * `TRUST_PROXY`: unset, `0` or `false` trust nobody; `true` or a whole number N trust the last N hops
 * of X-Forwarded-For; anything else is a comma-separated list of proxy addresses and CIDR networks
 * (`127.0.0.1, 10.0.0.0/8, fd00::/8`). Returns a message instead when the value is none of these.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | string {
  const text = value?.trim() ?? ''
  if (text === '' || text === '0' || text === 'false') return trustNoProxy
  if (text === 'true') return { kind: 'hops', hops: 1 }
  if (/^\d+$/.test(text)) {
    const hops = Number(text)
    return hops <= 32 ? { kind: 'hops', hops } : 'give at most 32 hops'
  }
  const proxies = new BlockList()
  const listed: string[] = []
  for (const entry of text.split(',').map((part) => part.trim())) {
    const [address = '', prefix, extra] = entry.split('/')
    const family = isIP(address)
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1
    if (!family || extra !== undefined || bits < 0 || bits > (family === 6 ? 128 : 32)) {
      return `give 1 (trust one proxy hop), a number of hops, or proxy addresses and CIDR networks separated by commas; "${entry}" is none of these`
    }
    proxies.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4')
    listed.push(entry)
  }
  return { kind: 'addresses', proxies, listed }
}

/** `::ffff:192.0.2.1` (IPv4 on a dual-stack socket) is the IPv4 address; anything not an IP is null. */
function normalizedIp(text: string): string | null {
  const address = text.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  return isIP(address) ? address.toLowerCase() : null
}

function isTrusted(trust: TrustProxy, address: string, hop: number): boolean {
  if (trust.kind === 'none') return false
  if (trust.kind === 'hops') return hop < trust.hops
  const family = isIP(address)
  return family !== 0 && trust.proxies.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/**
 * The address of the client that sent the request, as far as the trusted proxies vouch for it.
 *
 * X-Forwarded-For is read from the right: the socket's peer appended the last entry, the proxy before
 * it the one before, and so on. We step left only while the address we are at is a trusted proxy, so
 * whatever a client writes into the header itself (the left part) is never taken unless a trusted
 * proxy reported it. An entry that is not an IP address ends the walk at the proxy that sent it.
 */
export function clientAddress(c: Context, trust: TrustProxy): string {
  const peer = normalizedIp(getConnInfo(c).remote.address ?? '') ?? 'unknown'
  if (trust.kind === 'none') return peer
  return clientAddressFrom(peer, c.req.header('x-forwarded-for'), trust)
}

/** clientAddress without the request, for tests: the socket's peer and the X-Forwarded-For value. */
export function clientAddressFrom(peer: string, forwardedFor: string | undefined, trust: TrustProxy): string {
  // Node joins repeated X-Forwarded-For headers with ", ", in the order they came.
  const hops = (forwardedFor ?? '').split(',').reverse()
  let address = peer
  for (let hop = 0; hop < hops.length && isTrusted(trust, address, hop); hop++) {
    const previous = normalizedIp(hops[hop] ?? '')
    if (!previous) break
    address = previous
  }
  return address
}
