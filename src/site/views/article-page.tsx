import type { ArticleTeaser, PublishedArticle } from '../../content/published/index.ts'
import type { SiteChrome } from '../../http/site-chrome.ts'
import { paths } from '../../http/paths.ts'
import { Layout } from './layout.tsx'
import { Breadcrumbs } from './navigation.tsx'
import { ArticleHeadMeta } from './social-meta.tsx'
import { CorrectionsNotice, RelatedArticles, ShareLinks, SourcesBox, StoryHeader } from './story-parts.tsx'
import { Picture } from './teaser.tsx'

export type ArticlePageProps = { chrome: SiteChrome; article: PublishedArticle; related: ArticleTeaser[]; description: string }

export function ArticlePage({ chrome, article, related, description }: ArticlePageProps) {
  const { settings } = chrome
  const path = paths.article(article.slug)
  const trail = article.section ? [{ name: article.section.name, href: paths.section(article.section.slug) }, { name: article.headline }] : [{ name: article.headline }]
  return (
    <Layout chrome={chrome} meta={{ title: article.headline, description, canonicalPath: path, section: article.section?.slug, head: <ArticleHeadMeta chrome={chrome} article={article} description={description} /> }}>
      <Breadcrumbs trail={trail} />
      <article class="story">
        <StoryHeader article={article} settings={settings} />
        <CorrectionsNotice corrections={article.corrections} settings={settings} />
        {article.image && (
          <figure class="feature-image">
            <Picture image={article.image} sizes="(min-width: 48rem) 42rem, 100vw" eager />
            {(article.image.caption || article.image.credit) && (
              <figcaption>
                {article.image.caption}
                {article.image.credit && <span class="credit">{article.image.credit}</span>}
              </figcaption>
            )}
          </figure>
        )}
        <div class="story-body">
          {article.dateline && <span class="dateline">{article.dateline}</span>}
          <div dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
        </div>
        <SourcesBox sources={article.sources} />
        {article.tags.length > 0 && (
          <nav class="story-tags" aria-labelledby="topics-title">
            <h2 id="topics-title">Topics</h2>
            <ul>
              {article.tags.map((t) => (
                <li><a href={paths.tag(t.slug)} rel="tag">{t.name}</a></li>
              ))}
            </ul>
          </nav>
        )}
        <ShareLinks url={chrome.siteUrl + path} headline={article.headline} />
      </article>
      <RelatedArticles articles={related} settings={settings} />
    </Layout>
  )
}
