import { join } from 'node:path'
import { buildArticle, buildImage } from './builders.ts'
import type { TestServer } from './server.ts'

/** The demo story every server started with `demo: true` publishes (src/content/demo-content.ts). */
export const demoSlug = 'us-continues-to-stay-focused-on-stopping-isis-resurgence-in-iraq'

export type ReaderPage = {
  name: string
  path: string
  /** What the server must answer: a missing page is a 404 with a proper page, not an error. */
  status: number
}

/**
 * Fills a demo server's front page the way a newsroom would: a lead and secondary stories with library
 * photos (`<picture>` with WebP `srcset`) in several sections, one without a photo, and one body with
 * what real copy contains: subheads, a pull quote, a list, a long link and a long place name.
 * Returns the public pages every reader-facing check visits.
 */
export async function addReaderStories(server: TestServer): Promise<ReaderPage[]> {
  const { db } = server.database
  const mediaDir = join(server.dataDir, 'media')
  const photo = (alt: string, caption: string) => buildImage(db, mediaDir, { alt, caption, credit: 'Photo: Gazette staff' })

  await buildArticle(db, {
    headline: 'Council approves new cycle lanes on the ring road after a two-year consultation',
    dek: 'Work starts in spring; the two lanes will be separated from traffic by a kerb.',
    section: 'Politics',
    author: 'Sam Writer',
    label: 'Analysis',
    featureMedia: await photo('A cyclist on the ring road at dusk', 'The ring road at rush hour.'),
    bodyHtml: '<p>The council voted 31 to 12 for the plan on Wednesday evening.</p><p>Shops on the route had asked for loading bays, which the final plan keeps.</p>',
    tags: ['Transport'],
  })
  await buildArticle(db, {
    headline: 'Port workers vote to strike over pay',
    dek: 'The union says 84% of members backed walkouts on three days in March.',
    section: 'Business',
    author: 'Lee Editor',
    featureMedia: await photo('Cranes at the container port', 'Cranes idle at the container terminal.'),
    bodyHtml: '<p>The port operator said it was disappointed and that talks would continue.</p>',
    tags: ['Economy'],
  })
  await buildArticle(db, {
    headline: 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch station reopens after flood repairs',
    section: 'World',
    author: 'Ada Reporter',
    bodyHtml: '<p>Trains stop at the village again from Monday, Transport for Wales said.</p>',
  })
  const story = await buildArticle(db, {
    headline: 'Storm closes the coast road as rivers rise across three counties',
    dek: 'Forecasters expect the rain to ease on Thursday, but warn that rivers will keep rising for a day after.',
    section: 'World',
    author: 'Ada Reporter',
    label: 'Live',
    dateline: 'ABERYSTWYTH',
    featureMedia: await photo('Waves breaking over the sea wall beside the closed coast road', 'The sea wall at high tide on Tuesday.'),
    tags: ['Climate', 'Transport'],
    sources: [
      { name: 'Environment Agency flood warnings', url: 'https://check-for-flooding.service.gov.uk/alerts-and-warnings', kind: 'document' },
      { name: 'County council highways department', kind: 'quoted' },
    ],
    bodyHtml: [
      '<p>The coast road between the harbour and the bridge was closed on Tuesday night after waves threw stones and seaweed across both lanes, the county council said.</p>',
      '<p>More than 400 homes were without power for part of the night. Engineers restored most supplies by the morning, the network operator said.</p>',
      '<h2>Where the water is rising</h2>',
      '<p>Three rivers were above their flood warning levels on Wednesday:</p>',
      '<ul><li>the Rheidol at Aberystwyth,</li><li>the Ystwyth at Llanfarian,</li><li>the Teifi at Cardigan, where the quay is closed.</li></ul>',
      '<blockquote><p>We have not seen the river this high since 2012, and it is still going up.</p></blockquote>',
      '<p>Residents were told to check the warnings before travelling. The full list of warnings is at <a href="https://check-for-flooding.service.gov.uk/alerts-and-warnings?region=wales&amp;severity=all">https://check-for-flooding.service.gov.uk/alerts-and-warnings?region=wales&amp;severity=all</a>.</p>',
      '<h3>Schools</h3>',
      '<p>Eleven schools closed for the day. Parents will be told by text message whether they open on Thursday.</p>',
    ].join('\n'),
  })

  return [
    { name: 'home', path: '/', status: 200 },
    { name: 'article', path: `/articles/${demoSlug}`, status: 200 },
    { name: 'story', path: `/articles/${story.slug}`, status: 200 },
    { name: 'section', path: '/section/world', status: 200 },
    { name: 'search', path: '/search?q=war', status: 200 },
    { name: '404', path: '/no-such-page', status: 404 },
  ]
}

export function readerPage(pages: ReaderPage[], name: string): ReaderPage {
  const page = pages.find((p) => p.name === name)
  if (!page) throw new Error(`No reader page called ${name}`)
  return page
}
