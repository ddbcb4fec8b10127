import { describe, expect, it } from 'vitest'
import { loginThrottleKey, throttledNetwork } from './login-throttle.ts'

describe('login throttle keys', () => {
  it('counts an IPv6 client as its /64, however the address is written', () => {
    expect(throttledNetwork('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(throttledNetwork('2001:DB8:1:2::99')).toBe('2001:db8:1:2::/64')
    expect(throttledNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(throttledNetwork('::1')).toBe('0:0:0:0::/64')
    expect(throttledNetwork('203.0.113.5')).toBe('203.0.113.5')
  })

  it('keys the account without case or spaces and keeps account and address apart', () => {
    const a = loginThrottleKey(' Reporter@News.test ', '2001:db8:1:2::1')
    expect(a).toEqual(loginThrottleKey('reporter@news.test', '2001:db8:1:2:ffff::'))
    expect(a.address).toBe(loginThrottleKey('editor@news.test', '2001:db8:1:2::5').address)
    expect(a.address).not.toBe(loginThrottleKey('reporter@news.test', '2001:db8:1:3::1').address)
  })
})
