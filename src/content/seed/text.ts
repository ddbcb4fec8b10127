/**
 * Generated newsroom text for `gazette seed --articles N`: a seeded PRNG, word lists and sentence
 * templates, so the same seed always gives the same archive. Everything here is plain ASCII letters,
 * digits, spaces, commas and full stops: nothing HTML would escape, so `htmlToText(bodyHtml)` is
 * exactly the paragraphs joined with spaces (the bulk writer relies on that, a test checks it).
 */

/** mulberry32: small, fast, and good enough to make text look random. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Random = () => number

export function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T
}

export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

const places = 'Harbourside Northgate Riverton Eastwick Millbrook Ashford Kingsport Westfield Lakeside Hillcrest Stonebridge Fairhaven Oakridge Brightwater Redcliff Greenvale Marlow Sutton Elmstead Carrow'.split(' ')
const subjects = 'council ministers regulators unions farmers teachers doctors residents investors judges officials lawmakers engineers fishermen nurses landlords commuters scientists voters retailers'.split(' ')
const verbs = 'approve reject delay question defend announce review expand suspend challenge propose welcome criticise fund scrap revisit extend block back weigh'.split(' ')
const objects = 'budget plan ferry contract housing scheme rail link school reform hospital merger energy tariff water charges bridge repairs tax rebate port expansion flood defences bus routes police funding pension deal wind farm library closures'.split(' ')
const adjectives = 'new disputed delayed costly ambitious modest controversial long awaited regional national local temporary emergency final revised'.split(' ')
const nouns = 'council budget minister election court ferry storm market school hospital river bridge police report inquiry vote union strike energy prices housing rail port farmers coast harbour tribunal contract audit committee survey forecast deficit tariff ruling mayor agency regulator pension wages shipyard airport quarry orchard festival museum stadium clinic'.split(' ')
const sentenceVerbs = 'said expected warned argued confirmed reported estimated noted insisted suggested admitted acknowledged predicted claimed explained'.split(' ')
const connectors = 'after before while because although since as when unless until'.split(' ')
const fillers = 'on Tuesday,on Monday,last week,this morning,in a statement,at a briefing,according to officials,by the end of the year,for the first time,in recent months,despite objections,under the proposal,within weeks,over the summer'.split(',')
const firstNames = 'Ada Sam Lee Maria Tom Priya Jonas Elena Kofi Hana Lucas Amira Oliver Chen Sofia Diego Ines Noah Freya Omar Grace Malik Nora Felix Leila Hugo Maya Ravi Clara Ivan'.split(' ')
const lastNames = 'Reporter Writer Okafor Lindqvist Moreau Haddad Novak Tanaka Brennan Castillo Varga Mensah Fischer Kowalski Osei Delgado Sato Petrov Quinn Adeyemi Larsen Romano Nakamura Byrne Silva Keller Duarte Abbott Ferreira Walsh'.split(' ')
const topicWords = 'Climate Transport Housing Health Education Energy Economy Justice Elections Farming Fisheries Tourism Water Policing Trade Science Culture Sport Technology Migration Pensions Tax Defence Planning Heritage Weather Aviation Shipping Retail Media'.split(' ')
const topicQualifiers = 'Policy Crisis Reform Funding Debate Inquiry Strike Report Forecast Review Plan Costs Safety Jobs Data Rules Courts Markets Workers Protest'.split(' ')

export const sectionNames = ['World', 'Politics', 'Business', 'Science', 'Technology', 'Health', 'Sport', 'Culture', 'Environment', 'Opinion'] as const

/** Distinct author names: first × last name, then numbered. */
export function authorName(index: number): string {
  const first = firstNames[index % firstNames.length] as string
  const lastIndex = Math.floor(index / firstNames.length)
  const last = lastNames[lastIndex % lastNames.length] as string
  const round = Math.floor(lastIndex / lastNames.length)
  return round ? `${first} ${last} ${round + 1}` : `${first} ${last}`
}

/** Distinct topic names: topic (alone, then with a qualifier), then numbered. */
export function tagName(index: number): string {
  const topic = topicWords[index % topicWords.length] as string
  const q = Math.floor(index / topicWords.length)
  if (q === 0) return topic
  const qualifier = topicQualifiers[(q - 1) % topicQualifiers.length] as string
  const round = Math.floor((q - 1) / topicQualifiers.length)
  return round ? `${topic} ${qualifier} ${round + 1}` : `${topic} ${qualifier}`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function sentence(random: Random): string {
  const parts = [
    pick(random, places), pick(random, subjects), pick(random, sentenceVerbs), 'the', pick(random, adjectives), pick(random, objects),
    'would', pick(random, verbs), 'the', pick(random, nouns), pick(random, fillers), pick(random, connectors), 'the', pick(random, nouns),
    pick(random, nouns), 'was', pick(random, adjectives),
  ]
  return `${capitalize(parts.join(' '))}.`
}

export type Paragraph = { html: string; text: string; words: number }

function countPlainWords(text: string): number {
  let words = 1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) words++
  return words
}

/**
 * A pool of paragraphs (3–7 sentences each) that bodies are assembled from: generating a thousand
 * fresh words per story would cost more than writing it. Every tenth is a subheading.
 */
export function paragraphPool(random: Random, size = 3000): Paragraph[] {
  const pool: Paragraph[] = []
  for (let i = 0; i < size; i++) {
    if (i % 10 === 9) {
      const text = `${capitalize(pick(random, adjectives))} ${pick(random, objects)} for ${pick(random, places)}`
      pool.push({ html: `<h2>${text}</h2>`, text, words: countPlainWords(text) })
      continue
    }
    const sentences = Array.from({ length: between(random, 3, 7) }, () => sentence(random))
    const text = sentences.join(' ')
    pool.push({ html: `<p>${text}</p>`, text, words: countPlainWords(text) })
  }
  return pool
}

export type ChosenParagraphs = { paragraphs: number[]; words: number }

/**
 * 600–1,500 words: the positions in the pool of the paragraphs that make a body, in order. The body
 * is their HTML joined with newlines, its text their text joined with spaces (bulk-seed-writers.ts).
 */
export function chooseParagraphs(random: Random, pool: readonly Paragraph[], minWords = 600, maxWords = 1500): ChosenParagraphs {
  const target = between(random, minWords + 50, maxWords - 50)
  const paragraphs: number[] = []
  let words = 0
  while (words < target) {
    const n = Math.floor(random() * pool.length)
    const paragraph = pool[n] as Paragraph
    if (words + paragraph.words > maxWords) {
      if (words >= minWords) break
      continue
    }
    paragraphs.push(n)
    words += paragraph.words
  }
  return { paragraphs, words }
}

export function generateHeadline(random: Random): string {
  return `${pick(random, places)} ${pick(random, subjects)} ${pick(random, verbs)} ${pick(random, adjectives)} ${pick(random, objects)}`
}

export function generateDek(random: Random): string {
  return sentence(random)
}

export function generateDateline(random: Random): string {
  return pick(random, places).toUpperCase()
}

export function generateSourceName(random: Random): string {
  return `${capitalize(pick(random, nouns))} ${pick(random, ['office', 'committee', 'spokesperson', 'records', 'minutes', 'filing', 'report', 'press office'])}`
}

/** A slug for ASCII text: what slugify would make of it, without its cost. */
export function asciiSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
