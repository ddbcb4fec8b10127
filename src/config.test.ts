import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from './config.ts'

describe('readConfig', () => {
  it('defaults to port 3000 and a SQLite file under data/', () => {
    const config = readConfig({})
    expect(config.port).toBe(3000)
    expect(config.databaseUrl).toBe(resolve('data/gazette.sqlite'))
    expect(config.siteUrl).toBe('http://localhost:3000')
    expect(config.demoContent).toBe(true)
  })

  it('reads PORT, DATABASE_URL and SITE_URL', () => {
    const config = readConfig({ PORT: '8080', DATABASE_URL: 'postgres://db/news', SITE_URL: 'https://news.example/', GAZETTE_DEMO: '0' })
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://db/news', siteUrl: 'https://news.example', demoContent: false })
  })

  it('refuses invalid values with a message naming them', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => readConfig({ SITE_URL: 'not a url' })).toThrow(/SITE_URL/)
  })
})
