import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * Timestamps are ISO 8601 UTC strings (`2026-11-25T14:30:00.000Z`) on both engines: one fixed-width
 * format sorts correctly as text, so every query is the same on SQLite and PostgreSQL.
 * See docs/decisions/0002-portable-column-types.md.
 */
export type Timestamp = string

export type ArticleStatus = 'draft' | 'in_review' | 'scheduled' | 'published' | 'unpublished'
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
  /**
   * The body's text without tags, for full-text search: every write of body_html must write it too
   * (the search index is derived from it by the database). See migrations/0003-search.ts.
   */
  body_text: string
  /** The start of body_text (at most 500 characters, cut at a word), written with it: no page cuts one. */
  excerpt: string | null
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
  created_by: number | null
  /** Bumped by every save; a save names the version it started from (optimistic locking). */
  version: Generated<number>
  scheduled_at: Timestamp | null
  seo_title: string | null
  seo_description: string | null
  feature_media_id: number | null
  /** 1 when editors feature the story (exposed as `featured` by the Content API), else 0. */
  featured: Generated<number>
}

export type Role = 'contributor' | 'author' | 'editor' | 'admin'

export interface UserTable {
  id: Generated<number>
  email: string
  name: string
  role: Role
  password_hash: string
  author_id: number | null
  created_at: Timestamp
  updated_at: Timestamp
  disabled_at: Timestamp | null
}

export interface SessionTable {
  id: string
  user_id: number
  csrf_token: string
  created_at: Timestamp
  expires_at: Timestamp
}

/** A failed sign-in, or one whose password is still being checked (0012-login-throttle.ts). */
export interface LoginAttemptTable {
  id: Generated<number>
  account: string
  address: string
  at: Timestamp
}

export interface ArticleTransitionTable {
  id: Generated<number>
  article_id: number
  from_status: ArticleStatus | null
  to_status: ArticleStatus
  user_id: number | null
  at: Timestamp
  note: string | null
}

export interface ArticleRevisionTable {
  id: Generated<number>
  article_id: number
  version: number
  user_id: number | null
  created_at: Timestamp
  snapshot: string
}

export interface SlugRedirectTable {
  old_slug: string
  article_id: number
  created_at: Timestamp
}

export interface LabelTable {
  id: Generated<number>
  slug: string
  name: string
  position: number
}

export interface MediaTable {
  id: Generated<number>
  storage_key: string
  original_name: string
  mime_type: string
  width: number
  height: number
  bytes: number
  alt: string | null
  caption: string | null
  credit: string | null
  variants: string
  uploaded_by: number | null
  created_at: Timestamp
}

/** One rendition of a media library image when MEDIA_STORAGE=database (migration 0009). */
export interface MediaFileTable {
  storage_key: string
  name: string
  content_type: string
  size: number
  bytes: Buffer
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

export interface ArticleCorrectionTable {
  id: Generated<number>
  article_id: number
  body: string
  created_by: number | null
  created_at: string
}

export interface ApiTokenTable {
  id: Generated<number>
  user_id: number
  name: string
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  token_hash: string
  created_at: Timestamp
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface WebhookTable {
  id: Generated<number>
  url: string
  /** JSON list of subscribed event names. */
  events: string
  secret: string
  created_by: number | null
  created_at: Timestamp
  disabled_at: Timestamp | null
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed'

/** The webhook outbox: rows are written in the same transaction as the article change they report. */
export interface WebhookDeliveryTable {
  id: Generated<number>
  uuid: string
  webhook_id: number
  event: string
  article_id: number
  /** JSON snapshot of the article at the write. */
  article: string
  status: WebhookDeliveryStatus
  attempts: Generated<number>
  next_attempt_at: Timestamp
  last_attempt_at: Timestamp | null
  last_status_code: number | null
  last_error: string | null
  created_at: Timestamp
  completed_at: Timestamp | null
}

/** Content API keys (migration 0005); the key itself is shown once and never stored. */
export interface ApiKeyTable {
  id: Generated<number>
  name: string
  key_hash: string
  created_by: number | null
  created_at: Timestamp
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
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
  users: UserTable
  sessions: SessionTable
  login_attempts: LoginAttemptTable
  article_transitions: ArticleTransitionTable
  article_revisions: ArticleRevisionTable
  slug_redirects: SlugRedirectTable
  labels: LabelTable
  media: MediaTable
  media_files: MediaFileTable
  article_corrections: ArticleCorrectionTable
  api_keys: ApiKeyTable
  api_tokens: ApiTokenTable
  webhooks: WebhookTable
  webhook_deliveries: WebhookDeliveryTable
}

export type ArticleRow = Selectable<ArticleTable>
export type NewArticleRow = Insertable<ArticleTable>
export type SectionRow = Selectable<SectionTable>
export type AuthorRow = Selectable<AuthorTable>
export type TagRow = Selectable<TagTable>
export type SourceRow = Selectable<SourceTable>
export type UserRow = Selectable<UserTable>
export type MediaRow = Selectable<MediaTable>
