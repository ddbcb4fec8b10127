import { describe, expect, it } from 'vitest'
import { TaggedMemo } from './tagged-memo.ts'

describe('TaggedMemo', () => {
  it('keeps a value until one of its tags changes, and drops nothing else', async () => {
    const memo = new TaggedMemo<number>()
    let reads = 0
    const read = (value: number) => async () => (reads++, value)
    expect(await memo.get('2024-05', ['archive:2024-05'], read(1))).toBe(1)
    expect(await memo.get('2024-05', ['archive:2024-05'], read(2))).toBe(1)
    expect(await memo.get('2024-04', ['archive:2024-04'], read(3))).toBe(3)
    memo.invalidate(['article:9', 'archive:2024-05'])
    expect(await memo.get('2024-05', ['archive:2024-05'], read(4))).toBe(4)
    expect(await memo.get('2024-04', ['archive:2024-04'], read(5))).toBe(3)
    expect(reads).toBe(3)
    memo.invalidate(['site'])
    expect(memo.size).toBe(0)
  })

  it('does not keep a value read while a change arrived', async () => {
    const memo = new TaggedMemo<string>()
    let release = () => {}
    const slow = memo.get('m', ['archive:m'], () => new Promise<string>((resolve) => (release = () => resolve('before the change'))))
    memo.invalidate(['archive:m'])
    release()
    expect(await slow).toBe('before the change')
    expect(await memo.get('m', ['archive:m'], async () => 'after')).toBe('after')
  })

  it('stays within its size', async () => {
    const memo = new TaggedMemo<number>(2)
    for (const key of ['a', 'b', 'c']) await memo.get(key, [key], async () => 1)
    expect(memo.size).toBe(2)
  })
})
