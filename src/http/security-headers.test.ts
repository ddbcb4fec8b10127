import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { adminCspOverride, securityHeaders } from './security-headers.ts'

function appWith(options: Parameters<typeof securityHeaders>[0]) {
  const app = new Hono()
  app.use(securityHeaders(options))
  app.get('/own-policy', (c) => c.text('x', 200, { 'Content-Security-Policy': "default-src 'none'" }))
  app.get('*', (c) => c.text('ok'))
  return app
}

const csp = async (app: Hono, path: string) => (await app.request(path)).headers.get('Content-Security-Policy') ?? ''

describe('securityHeaders', () => {
  const app = appWith({ hsts: false, cspOverrides: [adminCspOverride] })

  it('forbids script on public pages', async () => {
    for (const path of ['/', '/2024/05/a-story', '/rss.xml', '/administrator', '/admin-tools', '/assets/admin']) {
      const policy = await csp(app, path)
      expect(policy, path).toContain("script-src 'none'")
      expect(policy, path).not.toContain("script-src 'self'")
    }
  })

  it("allows same-origin script, and nothing inline, under /admin", async () => {
    for (const path of ['/admin', '/admin/', '/admin/articles/12/edit', '/admin/assets/article-editor.abc.js']) {
      const policy = await csp(app, path)
      expect(policy, path).toContain("script-src 'self'")
      expect(policy, path).not.toContain("'none'; script-src")
      expect(policy, path).not.toContain('unsafe-inline')
      // The rest of the public policy still applies.
      expect(policy, path).toContain("object-src 'none'")
      expect(policy, path).toContain("style-src 'self'")
      expect(policy.match(/script-src/g), path).toHaveLength(1)
    }
  })

  it('keeps the public policy everywhere when no override is given', async () => {
    expect(await csp(appWith({ hsts: false }), '/admin/articles')).toContain("script-src 'none'")
  })

  it('leaves a policy a route set itself, and adds HSTS only when asked', async () => {
    expect(await csp(app, '/own-policy')).toBe("default-src 'none'")
    expect((await app.request('/')).headers.get('Strict-Transport-Security')).toBeNull()
    const https = appWith({ hsts: true, cspOverrides: [adminCspOverride] })
    expect((await https.request('/admin')).headers.get('Strict-Transport-Security')).toContain('max-age=31536000')
    expect((await https.request('/admin')).headers.get('X-Content-Type-Options')).toBe('nosniff')
  })
})
