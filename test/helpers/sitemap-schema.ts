import { readFileSync } from 'node:fs'
import { validateXML, type XMLFileInfo } from 'xmllint-wasm'

/**
 * Validates sitemap XML against the sitemaps.org schema (the `sitemap` package's copy) with the image
 * and news extensions, or a sitemap index against siteindex.xsd; see test/fixtures/sitemap-xsd/.
 */
const schemaFile = (name: string, url: URL): XMLFileInfo => ({ fileName: name, contents: readFileSync(url, 'utf8') })
const fixtures = new URL('../fixtures/sitemap-xsd/', import.meta.url)

const urlsetSchemas = {
  schema: schemaFile('urlset.xsd', new URL('urlset.xsd', fixtures)),
  preload: [
    schemaFile('sitemap.xsd', new URL('../../node_modules/sitemap/schema/sitemap.xsd', import.meta.url)),
    schemaFile('sitemap-image.xsd', new URL('sitemap-image.xsd', fixtures)),
    schemaFile('sitemap-news.xsd', new URL('sitemap-news.xsd', fixtures)),
  ],
}
const indexSchemas = { schema: schemaFile('siteindex.xsd', new URL('siteindex.xsd', fixtures)), preload: [] }

/** The schema errors of a sitemap (`<urlset>` or `<sitemapindex>`), empty when it is valid. */
export async function sitemapSchemaErrors(xml: string): Promise<string[]> {
  const schemas = /<sitemapindex[\s>]/.test(xml.slice(0, 500)) ? indexSchemas : urlsetSchemas
  const result = await validateXML({ xml: { fileName: 'sitemap.xml', contents: xml }, ...schemas, maxMemoryPages: 16 * 1024 })
  return result.valid ? [] : result.errors.map((e) => e.rawMessage)
}
