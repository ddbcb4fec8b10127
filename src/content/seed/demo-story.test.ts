import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDemoStory } from './demo-story.ts'

describe('parseDemoStory', () => {
  it('finds headline, caption and body in the bundled demo story, without the page chrome', () => {
    const story = parseDemoStory(readFileSync(new URL('../../../seed/article.txt', import.meta.url), 'utf8'))
    expect(story.headline).toBe('US continues to stay ‘focused on’ stopping ISIS resurgence in Iraq')
    expect(story.caption).toBe('War Concept')
    expect(story.paragraphs[0]).toMatch(/^The US says it stays focused on supporting Iraq/)
    expect(story.paragraphs.at(-1)).toMatch(/^The Global Coalition against ISIS was shaped in September 2014/)
    expect(story.paragraphs.join(' ')).not.toMatch(/Connect with us|For More Exclusive|Copyright/)
  })

  it('accepts a story without a caption and rejects text with no headline', () => {
    const story = parseDemoStory('City council approves the new budget today\n\nThe vote was 7 to 2.\n\nSitemap | Copyright © 2024')
    expect(story).toEqual({ headline: 'City council approves the new budget today', caption: null, paragraphs: ['The vote was 7 to 2.'] })
    expect(() => parseDemoStory('Too short\n\nAlso')).toThrow(/no headline/)
  })
})
