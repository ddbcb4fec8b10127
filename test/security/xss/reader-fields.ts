import * as cheerio from 'cheerio'

/**
 * What a feed reader or a Ghost theme does with Gazette's feeds and Content API: the fields their
 * formats define as HTML are inserted into a page as HTML; the addresses go into href and src. These
 * helpers pick both out of an answer, so the suite can render the HTML fields in Chromium and check
 * the addresses, the way those clients would use them.
 */
export type HtmlField = { from: string; html: string }

/** RSS 2.0: description and content:encoded are HTML (entity-encoded or CDATA); Atom: text constructs of type html or xhtml. */
export function feedHtmlFields(xml: string, from: string): { html: HtmlField[]; addresses: string[] } {
  const $ = cheerio.load(xml, { xml: true })
  const html: HtmlField[] = []
  const addresses: string[] = []
  $('item').each((i, item) => {
    const $item = $(item)
    for (const name of ['description', 'content\\:encoded']) {
      const value = $item.children(name).text()
      if (value) html.push({ from: `${from} item ${i} ${name.replace('\\', '')}`, html: value })
    }
    addresses.push($item.children('link').text(), ...$item.find('enclosure').map((_, e) => $(e).attr('url') ?? '').get())
  })
  $('channel > image > url, channel > link').each((_, e) => void addresses.push($(e).text()))
  $('feed, entry').each((i, node) => {
    $(node).children('title, subtitle, summary, content, rights').each((_, el) => {
      const type = $(el).attr('type') ?? 'text'
      const value = type === 'html' ? $(el).text() : type === 'xhtml' ? ($(el).html() ?? '') : ''
      if (value) html.push({ from: `${from} ${node.tagName} ${i} ${el.tagName}`, html: value })
    })
    $(node).children('link').each((_, l) => void addresses.push($(l).attr('href') ?? ''))
    $(node).children('icon, logo').each((_, l) => void addresses.push($(l).text()))
  })
  return { html, addresses: addresses.filter(Boolean) }
}

/** Keys of JSON Feed items and Content API resources that hold addresses a client puts in href or src. */
const addressKeys = new Set(['url', 'feature_image', 'profile_image', 'cover_image', 'logo', 'icon', 'image', 'banner_image', 'avatar', 'home_page_url', 'feed_url', 'external_url', 'canonical_url', 'og_image', 'twitter_image', 'website', 'next_url'])
/** Keys whose values are HTML: JSON Feed's content_html, Ghost's html, feature_image_caption and code injection. */
const htmlKeys = new Set(['content_html', 'html', 'feature_image_caption', 'codeinjection_head', 'codeinjection_foot'])

export function jsonHtmlFields(json: unknown, from: string): { html: HtmlField[]; addresses: string[] } {
  const html: HtmlField[] = []
  const addresses: string[] = []
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}.${i}`))
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'string' && htmlKeys.has(key)) html.push({ from: `${from} ${path}.${key}`, html: item })
        else if (typeof item === 'string' && addressKeys.has(key)) addresses.push(item)
        else walk(item, `${path}.${key}`)
      }
    }
  }
  walk(json, '')
  return { html, addresses }
}

/**
 * An address a client may put in href or src without running anything: no scheme but http(s). (An
 * address with none is resolved against the page, and the client escapes the rest.)
 */
export function isSafeAddress(address: string): boolean {
  const compact = address.replace(/[\s\u0000-\u001f]+/g, '')
  return !/^[a-z][a-z0-9+.-]*:/i.test(compact) || /^https?:/i.test(compact)
}

/** In-page: each HTML field in its own `data-from` container, inserted with innerHTML as a client would. */
export const renderFieldsScript = (fields: HtmlField[]) => `(() => {
  for (const field of ${JSON.stringify(fields)}) {
    const box = document.createElement('div')
    box.setAttribute('data-from', field.from)
    box.innerHTML = field.html
    document.body.append(box)
  }
})()`
