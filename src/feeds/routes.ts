import { Hono } from 'hono'
import type { AppDeps } from '../http/deps.ts'
import { syndicationFeedRoutes } from './feed-routes.ts'
import { sitemapRoutes } from './sitemap-routes.ts'

export function feedRoutes(deps: AppDeps) {
  const app = new Hono()

  // RSS, Atom and JSON Feed, site-wide and per section, topic and author.
  app.route('/', syndicationFeedRoutes(deps))

  // Sitemap index and children, the Google News sitemap and robots.txt.
  app.route('/', sitemapRoutes(deps))

  return app
}
