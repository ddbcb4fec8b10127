import { promises as dns, type LookupAddress } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { hostOf, isPublicAddress, webhookUrlProblem, type WebhookAddressPolicy } from './address.ts'

/**
 * One webhook POST over node:http(s) rather than fetch, because the socket has to connect to the
 * address that was checked: the request's `lookup` resolves the name once, refuses it when any of its
 * addresses is internal, and hands the socket only those addresses. A name whose DNS answer changes
 * between a check and the connect (DNS rebinding) therefore cannot slip an internal address in.
 * Redirects are not followed (node:http never does).
 */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>

/** The system resolver (getaddrinfo, so /etc/hosts counts), every address of the name. */
export const systemResolver: ResolveHost = (hostname) => dns.lookup(hostname, { all: true })

export type WebhookSendPolicy = WebhookAddressPolicy & {
  /** How host names are resolved; tests hand in their own to play a rebinding DNS server. */
  resolveHost?: ResolveHost
}

/** The receiver's address is internal (or carries credentials). Its `code` is what the dispatcher's log shows operators. */
export class RefusedAddressError extends Error {
  readonly code = 'EADDRNOTALLOWED'
  constructor() {
    super('The webhook address is not allowed.')
    this.name = 'RefusedAddressError'
  }
}

export type WebhookPost = { url: string; body: string; headers: Record<string, string>; signal: AbortSignal }

/** Sends the POST and resolves with the answer's status code; rejects on any failure to get one. */
export async function postWebhook(post: WebhookPost, policy: WebhookSendPolicy = {}): Promise<number> {
  // The URL was checked when it was registered, but rows older than that check, or written around it, exist.
  if (webhookUrlProblem(post.url, policy)) throw new RefusedAddressError()
  const url = new URL(post.url)
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<number>((resolve, reject) => {
    const request = send(
      {
        protocol: url.protocol,
        // An IP literal is connected to without a lookup; webhookUrlProblem has just checked it.
        hostname: hostOf(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
        lookup: checkedLookup(policy),
        signal: post.signal,
        // A connection of its own: a pooled socket would have been checked under another lookup.
        agent: false,
      },
      (response) => {
        resolve(response.statusCode ?? 0)
        // The answer's body is of no use; dropping it closes the connection.
        response.destroy()
      },
    )
    request.on('error', reject)
    request.end(post.body)
  })
}

/** A socket `lookup` that answers only with addresses that passed the check. */
export function checkedLookup(policy: WebhookSendPolicy): LookupFunction {
  const resolveHost = policy.resolveHost ?? systemResolver
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (found) => {
        // Any internal address refuses the name: resolvers rotate answers, and the socket tries several.
        if (!policy.allowPrivateAddresses && (found.length === 0 || !found.every((a) => isPublicAddress(a.address)))) {
          callback(new RefusedAddressError(), '', 0)
          return
        }
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family
        const usable = family === 4 || family === 6 ? found.filter((a) => a.family === family) : found
        const first = usable[0]
        if (!first) callback(Object.assign(new Error(`No address for ${hostname}.`), { code: 'ENOTFOUND' }), '', 0)
        else if (options.all) callback(null, usable)
        else callback(null, first.address, first.family)
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    )
  }
}
