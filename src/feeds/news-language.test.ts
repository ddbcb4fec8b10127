import { describe, expect, it } from 'vitest'
import { newsLanguage } from './news-language.ts'

describe('newsLanguage', () => {
  it('keeps the ISO 639 code and drops the region', () => {
    expect(newsLanguage('en')).toBe('en')
    expect(newsLanguage('en-GB')).toBe('en')
    expect(newsLanguage('pt-BR')).toBe('pt')
    expect(newsLanguage('FIL')).toBe('fil')
  })

  it('names the script for Chinese as Google News asks', () => {
    expect(newsLanguage('zh-CN')).toBe('zh-cn')
    expect(newsLanguage('zh-TW')).toBe('zh-tw')
    expect(newsLanguage('zh-HK')).toBe('zh-tw')
    expect(newsLanguage('zh-Hant')).toBe('zh-tw')
    expect(newsLanguage('zh-Hans-HK')).toBe('zh-cn')
    expect(newsLanguage('zh')).toBe('zh-cn')
  })
})
