import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * Timestamps are ISO 8601 UTC strings (`2026-11-25T14:30:00.000Z`) on both engines: one fixed-width
 * format sorts correctly as text, so every query is the same on SQLite and PostgreSQL.
 * See docs/decisions/0002-portable-column-types.md.
 */
export type Timestamp = string

export type ArticleStatus = 'draft' | 'published'
export type SourceKind = 'reported-by' | 'quoted' | 'document'

export interface SectionTable {
  id: Generated<number>
  slug: string
  name: string
  description: string | null
  position: number
  created_at: Timestamp
}

export interface AuthorTable {
  id: Generated<number>
  slug: string
  name: string
  bio: string | null
  avatar_url: string | null
  created_at: Timestamp
}

export interface TagTable {
  id: Generated<number>
  slug: string
  name: string
  description: string | null
  created_at: Timestamp
}

export interface ArticleTable {
  id: Generated<number>
  slug: string
  headline: string
  dek: string | null
  body_html: string
  word_count: number
  status: ArticleStatus
  section_id: number | null
  label: string | null
  dateline: string | null
  feature_image_url: string | null
  feature_image_alt: string | null
  feature_image_caption: string | null
  feature_image_credit: string | null
  feature_image_width: number | null
  feature_image_height: number | null
  published_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ArticleAuthorTable {
  article_id: number
  author_id: number
  position: number
}

export interface ArticleTagTable {
  article_id: number
  tag_id: number
  position: number
}

export interface SourceTable {
  id: Generated<number>
  article_id: number
  name: string
  url: string | null
  kind: SourceKind
  position: number
}

export interface SiteSettingTable {
  key: string
  /** JSON-encoded value; the domain module validates it on the way out. */
  value: string
}

export interface ArticleViewTable {
  article_id: number
  /** UTC hour the views fell in, `2026-11-25T14`. */
  hour: string
  views: number
}

export interface DB {
  sections: SectionTable
  authors: AuthorTable
  tags: TagTable
  articles: ArticleTable
  article_authors: ArticleAuthorTable
  article_tags: ArticleTagTable
  sources: SourceTable
  site_settings: SiteSettingTable
  article_views: ArticleViewTable
}

export type ArticleRow = Selectable<ArticleTable>
export type NewArticleRow = Insertable<ArticleTable>
export type SectionRow = Selectable<SectionTable>
export type AuthorRow = Selectable<AuthorTable>
export type TagRow = Selectable<TagTable>
export type SourceRow = Selectable<SourceTable>
