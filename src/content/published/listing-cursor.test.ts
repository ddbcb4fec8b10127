import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './listing-cursor.ts'

describe('listing cursors', () => {
  it('round-trips a story key through an opaque URL-safe token', () => {
    const key = { publishedAt: '2020-01-21T09:00:00.000Z', id: 42 }
    const token = encodeCursor(key)
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(token)).toEqual(key)
    expect(decodeCursor(encodeCursor({ publishedAt: '2020-01-21T09:00:00.000Z', id: 2_147_483_647 }))).not.toBeNull()
  })

  it('refuses anything this server could not have written', () => {
    const bad = (text: string) => Buffer.from(text).toString('base64url')
    for (const token of [
      '',
      'x'.repeat(65),
      'abc=',
      'a b',
      '%00',
      bad('2020-01-21T09:00:00.000Z'),
      bad('2020-01-21T09:00:00.000Z|0'),
      bad('2020-01-21T09:00:00.000Z|-1'),
      bad('2020-01-21T09:00:00.000Z|1.5'),
      bad('2020-01-21T09:00:00.000Z|2147483648'),
      bad('2020-01-21T09:00:00.000Z|1|2'),
      bad('2020-01-21 09:00:00|1'),
      bad('2020-13-45T09:00:00.000Z|1'),
      bad("2020-01-21T09:00:00.000Z' or 1=1 --|1"),
    ]) {
      expect(decodeCursor(token), token).toBeNull()
    }
  })
})
