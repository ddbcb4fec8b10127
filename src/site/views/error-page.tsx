import type { SiteChrome } from '../../http/site-chrome.ts'
import { paths } from '../../http/paths.ts'
import { Layout } from './layout.tsx'

const titles: Record<number, string> = {
  400: 'That request did not make sense',
  404: 'Page not found',
  405: 'Method not allowed',
  413: 'Too large',
  500: 'Something went wrong',
  503: 'Busy right now',
}

export function ErrorPage({ chrome, status, message, details = [] }: { chrome: SiteChrome; status: number; message: string; details?: string[] }) {
  const title = titles[status] ?? (status >= 500 ? titles[500] : 'Request refused') ?? ''
  return (
    <Layout chrome={chrome} meta={{ title, noindex: true }}>
      <section class="error-page">
        <p class="kicker">Error {status}</p>
        <h1>{title}</h1>
        <p>{message}</p>
        {details.length > 0 && (
          <ul>
            {details.map((d) => <li>{d}</li>)}
          </ul>
        )}
        {status === 404 && (
          <form class="search-form" role="search" aria-label="Search for a story" method="get" action={paths.search()}>
            <label class="visually-hidden" for="error-search">Search for a story</label>
            <input id="error-search" type="search" name="q" placeholder="Search for a story" maxlength={200} />
            <button type="submit">Search</button>
          </form>
        )}
        <p>
          <a href={paths.home()}>Go to the front page</a> or browse the <a href={paths.sitemap()}>sitemap</a>.
        </p>
      </section>
    </Layout>
  )
}
