import * as cheerio from 'cheerio'
import { createUser } from '../../src/content/accounts/index.ts'
import type { Role } from '../../src/db/schema.ts'
import type { TestServer } from './server.ts'

export const testPassword = 'correct horse battery staple'

let counter = 0

/** A signed-in browser-like client: keeps its cookies, reads form tokens from pages. */
export type Client = {
  userId: number
  authorId: number | null
  get(path: string): Promise<Response>
  /** Posts a form with this session's CSRF token unless `_csrf` is given. */
  post(path: string, form: Record<string, string | string[]> | FormData | string, headers?: Record<string, string>): Promise<Response>
  csrf: string
  /** The session's Cookie header, for requests made by other means (fuzzing, a browser). */
  cookie(): string
}

export async function buildUser(server: TestServer, role: Role, name = `${role} ${++counter}`) {
  return createUser(server.database.db, { email: `${name.replace(/\W+/g, '.').toLowerCase()}.${counter}@newsroom.test`, name, role, password: testPassword })
}

export async function signIn(server: TestServer, role: Role, name?: string): Promise<Client> {
  const user = await buildUser(server, role, name)
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const remember = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [k, v] = (pair ?? '').split('=')
      if (k) jar.set(k.trim(), v ?? '')
    }
    return res
  }
  const get = async (path: string) => remember(await server.get(path, { headers: { cookie: cookieHeader() } }))
  const loginPage = cheerio.load(await (await get('/admin/login')).text())
  const form = new URLSearchParams({ _csrf: loginPage('input[name=_csrf]').val() as string, email: user.email, password: testPassword, next: '' })
  const res = remember(await server.get('/admin/login', { method: 'POST', body: form, headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } }))
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`)
  const articles = cheerio.load(await (await get('/admin/articles')).text())
  const client: Client = {
    userId: user.id,
    authorId: user.author_id,
    csrf: articles('input[name=_csrf]').first().val() as string,
    cookie: cookieHeader,
    get,
    async post(path, form, headers = {}) {
      let body: URLSearchParams | FormData | string
      if (typeof form === 'string') {
        body = form
      } else if (form instanceof FormData) {
        if (!form.has('_csrf')) form.set('_csrf', client.csrf)
        body = form
      } else {
        body = new URLSearchParams()
        if (!('_csrf' in form)) body.append('_csrf', client.csrf)
        for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value)
      }
      return remember(await server.get(path, { method: 'POST', body, headers: { cookie: cookieHeader(), ...headers } }))
    },
  }
  return client
}

/** The editor form of an article as the browser would send it back. */
export async function editorForm(client: Client, articleId: number): Promise<Record<string, string | string[]>> {
  const $ = cheerio.load(await (await client.get(`/admin/articles/${articleId}`)).text())
  const form: Record<string, string | string[]> = {}
  $('#article-form').find('input, textarea, select').each((_, el) => {
    const $el = $(el)
    const name = $el.attr('name')
    // The form token belongs to whoever posts; Client.post adds its own.
    if (!name || name === '_csrf') return
    const type = $el.attr('type')
    if ((type === 'checkbox' || type === 'radio') && !$el.is(':checked')) return
    const value = el.tagName === 'select' ? ($el.find('option:selected').val() as string | undefined) ?? '' : el.tagName === 'textarea' ? $el.text() : (($el.val() as string) ?? '')
    const existing = form[name]
    form[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]
  })
  return form
}
