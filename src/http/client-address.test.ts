import { describe, expect, it } from 'vitest'
import { clientAddressFrom, parseTrustProxy, type TrustProxy } from './client-address.ts'

function trust(value: string): TrustProxy {
  const parsed = parseTrustProxy(value)
  if (typeof parsed === 'string') throw new Error(parsed)
  return parsed
}

describe('client address', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted', () => {
    for (const value of ['', '0', 'false']) expect(clientAddressFrom('192.0.2.9', '203.0.113.5', trust(value))).toBe('192.0.2.9')
  })

  it('with one trusted hop takes the address the proxy appended, never what the client wrote before it', () => {
    for (const value of ['1', 'true']) {
      expect(clientAddressFrom('10.0.0.2', '203.0.113.5', trust(value))).toBe('203.0.113.5')
      expect(clientAddressFrom('10.0.0.2', '198.51.100.66, 203.0.113.5', trust(value))).toBe('203.0.113.5')
      expect(clientAddressFrom('10.0.0.2', undefined, trust(value))).toBe('10.0.0.2')
    }
    expect(clientAddressFrom('10.0.0.2', '198.51.100.66, 203.0.113.5, 10.0.0.1', trust('2'))).toBe('203.0.113.5')
  })

  it('with listed proxies steps left only past addresses on the list', () => {
    const proxies = trust('127.0.0.1, 10.0.0.0/8, fd00::/8')
    expect(clientAddressFrom('127.0.0.1', '198.51.100.66, 203.0.113.5, 10.1.2.3', proxies)).toBe('203.0.113.5')
    expect(clientAddressFrom('127.0.0.1', 'fd00::1', proxies)).toBe('fd00::1')
    expect(clientAddressFrom('127.0.0.1', '2001:db8::7, fd00::1', proxies)).toBe('2001:db8::7')
    // A client that reaches the server directly is not a listed proxy: its header means nothing.
    expect(clientAddressFrom('192.0.2.9', '203.0.113.5', proxies)).toBe('192.0.2.9')
    // Junk ends the walk at the proxy that passed it on.
    expect(clientAddressFrom('127.0.0.1', '203.0.113.5, not-an-ip', proxies)).toBe('127.0.0.1')
    expect(clientAddressFrom('127.0.0.1', '::ffff:203.0.113.5', proxies)).toBe('203.0.113.5')
  })

  it('refuses TRUST_PROXY values that are neither hops nor addresses', () => {
    for (const value of ['yes', '10.0.0.0/33', '10.0.0.1,', 'proxy.internal', '1.2.3.4/8/1', '64']) {
      expect(typeof parseTrustProxy(value), value).toBe('string')
    }
  })
})
