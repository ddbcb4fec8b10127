import type { ArticleDraftInput, EditableArticle, ApiArticleRow } from '../../content/articles/index.ts'
import type { ArticleCreateBody, ArticleResource, ArticleSummary, ArticleUpdateBody } from './schemas.ts'

/** Rows and domain objects in, the Admin API's snake_case JSON out (and back for request bodies). */
export function presentArticle(article: EditableArticle, publicUrl: (slug: string) => string): ArticleResource {
  return {
    id: article.id,
    slug: article.slug,
    status: article.status,
    version: article.version,
    headline: article.headline,
    dek: article.dek,
    body_html: article.bodyHtml,
    section_id: article.sectionId,
    label: article.label,
    dateline: article.dateline,
    feature_media_id: article.featureMediaId,
    feature_image_url: article.featureImageUrl,
    feature_image_alt: article.featureImageAlt,
    feature_image_caption: article.featureImageCaption,
    feature_image_credit: article.featureImageCredit,
    author_ids: article.authorIds,
    tag_ids: article.tagIds,
    sources: article.sources,
    seo_title: article.seoTitle,
    seo_description: article.seoDescription,
    featured: article.featured ?? false,
    created_by: article.createdBy,
    published_at: article.publishedAt,
    scheduled_at: article.scheduledAt,
    updated_at: article.updatedAt,
    url: article.status === 'published' ? publicUrl(article.slug) : null,
  }
}

export function presentArticleSummary(row: ApiArticleRow, publicUrl: (slug: string) => string): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    version: row.version,
    headline: row.headline,
    section_id: row.sectionId,
    published_at: row.publishedAt,
    updated_at: row.updatedAt,
    url: row.status === 'published' ? publicUrl(row.slug) : null,
  }
}

/** The request's fields under the domain's names; fields the client left out stay out. */
export function toDraftChanges(body: Partial<ArticleCreateBody & ArticleUpdateBody>): Partial<ArticleDraftInput> {
  const changes: Partial<ArticleDraftInput> = {
    headline: body.headline,
    dek: body.dek,
    slug: body.slug,
    bodyHtml: body.body_html,
    sectionId: body.section_id,
    label: body.label,
    dateline: body.dateline,
    featureMediaId: body.feature_media_id,
    featureImageAlt: body.feature_image_alt,
    featureImageCaption: body.feature_image_caption,
    featureImageCredit: body.feature_image_credit,
    authorIds: body.author_ids,
    tagIds: body.tag_ids,
    sources: body.sources,
    seoTitle: body.seo_title,
    seoDescription: body.seo_description,
    featured: body.featured,
  }
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined))
}
