/**
 * Reads a story saved from a news page as plain text: blocks separated by blank lines, with the page's
 * chrome around it. The headline is the first block of five words or more, a short block right after it
 * is the feature image caption, and the body runs until the page's footer ("For more …", "Sitemap |",
 * "Copyright ©").
 */
export type DemoStory = { headline: string; caption: string | null; paragraphs: string[] }

const footerPattern = /^(for more\b|sitemap\s*\||copyright\s*©|latest trending)/i

export function parseDemoStory(text: string): DemoStory {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
  const headlineIndex = blocks.findIndex((block) => wordCount(block) >= 5)
  if (headlineIndex === -1) throw new Error('The demo story has no headline (a first line of five words or more).')
  const headline = blocks[headlineIndex] as string
  let bodyStart = headlineIndex + 1
  let caption: string | null = null
  const next = blocks[bodyStart]
  if (next !== undefined && wordCount(next) <= 8 && !/[.!?]$/.test(next)) {
    caption = next
    bodyStart++
  }
  const paragraphs: string[] = []
  for (const block of blocks.slice(bodyStart)) {
    if (footerPattern.test(block)) break
    paragraphs.push(block)
  }
  if (!paragraphs.length) throw new Error('The demo story has no body paragraphs.')
  return { headline, caption, paragraphs }
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}
