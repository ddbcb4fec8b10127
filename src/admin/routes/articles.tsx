import { Hono, type Context } from 'hono'
import { articleDraftSchema, createDraft, parseArticleDraft, EditConflictError, loadArticleFor, saveArticle, type ArticleDraft, type ArticleDraftInput, type EditableArticle, listCorrections, listDeskArticles, diffDrafts, getRevision, listRevisions, restoreRevision, articleStatuses, availableActions, listTransitions, missingForPublication, transitionArticle } from '../../content/articles/index.ts'
import { listAuthors, listLabels, listSections, listAllTags } from '../../content/taxonomy/index.ts'
import { canIssueCorrection, canSetFeatured } from '../../content/accounts/index.ts'
import { listMediaOptions } from '../../content/media/index.ts'
import { getSiteSettings } from '../../content/settings/index.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import { islandScriptPath, islandStylePaths } from '../island-assets.ts'
import type { ArticleStatus } from '../../db/schema.ts'
import type { AppDeps } from '../../http/deps.ts'
import { paths } from '../../http/paths.ts'
import { readArticleForm, readLocalDateTime, readVersion } from '../article-form.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { adminPage, parseId, type PageOptions } from '../render.tsx'
import { articleForm, newDraftForm, versionForm, workflowForm } from '../schemas.ts'
import { actorOf, requireUser, formToken } from '../session.ts'
import { ArticleEditor } from '../views/article-editor.tsx'
import { ArticleList, ConflictView, RevisionDetail, RevisionList } from '../views/article-pages.tsx'

const savedNotices: Record<string, string> = { workflow: 'Status changed.', correction: 'Correction published.', withdrawn: 'Correction withdrawn.' }

export function articleRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()
  app.use('/admin/articles', requireUser())
  app.use('/admin/articles/*', requireUser())

  const articleId = (c: Context<AdminEnv>) => {
    const id = parseId(c.req.param('id') ?? '')
    if (!id) throw new NotFoundError('There is no such article.')
    return id
  }

  async function renderEditor(c: Context<AdminEnv>, article: EditableArticle, draft: ArticleDraft = article, options: PageOptions = {}) {
    const actor = actorOf(c)
    const [sections, authors, tags, labels, media, transitions, corrections] = await Promise.all([
      listSections(db),
      listAuthors(db),
      listAllTags(db),
      listLabels(db),
      listMediaOptions(db),
      listTransitions(db, article.id),
      listCorrections(db, article.id),
    ])
    const editor = (
      <>
        <h1>{article.headline || 'Untitled'}</h1>
        <ArticleEditor
          article={article}
          draft={draft}
          csrf={formToken(c, deps)}
          sections={sections}
          authors={authors}
          tags={tags}
          labels={labels.map((l) => l.name)}
          media={media}
          actions={availableActions(actor, article)}
          transitions={transitions}
          missing={missingForPublication(article)}
          publicUrl={article.status === 'published' ? paths.article(article.slug) : null}
          corrections={corrections}
          canCorrect={canIssueCorrection(actor) && article.status === 'published'}
          canFeature={canSetFeatured(actor)}
        />
      </>
    )
    return adminPage(c, deps, article.headline || 'Untitled', editor, {
      scripts: [islandScriptPath('article-editor')],
      styles: islandStylePaths('article-editor'),
      ...options,
    })
  }

  app.get('/admin/articles', async (c) => {
    const requested = c.req.query('status') ?? ''
    const status = (articleStatuses as readonly string[]).includes(requested) ? (requested as ArticleStatus) : undefined
    if (requested && !status) throw new ValidationError(`Unknown status "${requested.slice(0, 40)}".`)
    const rows = await listDeskArticles(db, actorOf(c), status ? { status } : {})
    return adminPage(c, deps, 'Articles', <ArticleList rows={rows} status={status ?? ''} csrf={formToken(c, deps)} />)
  })

  app.post('/admin/articles', async (c) => {
    const { headline } = await readForm(c, newDraftForm)
    const article = await createDraft(db, actorOf(c), { headline })
    return c.redirect(`/admin/articles/${article.id}`, 303)
  })

  app.get('/admin/articles/:id', async (c) => {
    const saved = c.req.query('saved')
    const article = await loadArticleFor(db, actorOf(c), articleId(c))
    return renderEditor(c, article, article, saved ? { notice: { kind: 'ok', text: savedNotices[saved] ?? 'Saved.' } } : {})
  })

  app.post('/admin/articles/:id', async (c) => {
    const id = articleId(c)
    const form = await readForm(c, articleForm)
    const draft: ArticleDraftInput = form.payload !== undefined ? parsePayload(form.payload) : readArticleForm(form)
    try {
      await saveArticle(db, actorOf(c), id, draft, { expectedVersion: readVersion(form.version) })
      return c.redirect(`/admin/articles/${id}?saved=1`, 303)
    } catch (error) {
      if (error instanceof EditConflictError) {
        const mine = parseArticleDraft(draft)
        const view = <ConflictView current={error.current} mine={mine} diffs={diffDrafts(error.current, mine)} csrf={formToken(c, deps)} />
        return adminPage(c, deps, 'Edit conflict', view, { status: 409 })
      }
      if (error instanceof ValidationError) {
        const article = await loadArticleFor(db, actorOf(c), id)
        const shown = articleDraftSchema.safeParse(draft)
        // A form without the Featured box (a writer's) shows the stored flag.
        return renderEditor(c, article, shown.success ? { ...shown.data, featured: shown.data.featured ?? article.featured } : article, {
          status: 400,
          notice: { kind: 'error', text: error.message, details: error.details },
        })
      }
      throw error
    }
  })

  app.post('/admin/articles/:id/autosave', async (c) => {
    const id = articleId(c)
    // The editor page sends its form as it stands; API clients may send { version, draft } as JSON.
    let version: number
    let draft: ArticleDraftInput
    if ((c.req.header('content-type') ?? '').startsWith('application/json')) {
      const input = (await c.req.json().catch(() => {
        throw new ValidationError('Autosave expects a JSON body.')
      })) as { version?: unknown; draft?: ArticleDraftInput } | null
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('Autosave expects a JSON object: { "version": …, "draft": { … } }.')
      version = Number(input.version)
      draft = input.draft ?? { headline: '' }
      if (!Number.isInteger(version)) throw new ValidationError('Autosave needs the version it started from.')
    } else {
      const form = await readForm(c, articleForm)
      version = readVersion(form.version)
      draft = readArticleForm(form)
    }
    try {
      const saved = await saveArticle(db, actorOf(c), id, draft, { expectedVersion: version, autosave: true })
      return c.json({ version: saved.version, updatedAt: saved.updatedAt })
    } catch (error) {
      if (error instanceof EditConflictError) {
        return c.json({ error: { code: 'conflict', message: error.message }, current: { version: error.current.version } }, 409)
      }
      throw error
    }
  })

  app.post('/admin/articles/:id/workflow', async (c) => {
    const id = articleId(c)
    const { action, scheduledAt: sentTime } = await readForm(c, workflowForm)
    try {
      const scheduledAt = action === 'schedule' ? readLocalDateTime(sentTime, (await getSiteSettings(db)).timezone) : undefined
      await transitionArticle(db, actorOf(c), id, action, scheduledAt ? { scheduledAt } : {})
      return c.redirect(`/admin/articles/${id}?saved=workflow`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const article = await loadArticleFor(db, actorOf(c), id)
      return renderEditor(c, article, article, { status: 400, notice: { kind: 'error', text: error.message, details: error.details } })
    }
  })

  app.get('/admin/articles/:id/revisions', async (c) => {
    const article = await loadArticleFor(db, actorOf(c), articleId(c))
    const revisions = await listRevisions(db, actorOf(c), article.id)
    return adminPage(c, deps, 'Revisions', <RevisionList articleId={article.id} headline={article.headline} revisions={revisions} />)
  })

  app.get('/admin/articles/:id/revisions/:rid', async (c) => {
    const article = await loadArticleFor(db, actorOf(c), articleId(c))
    const revision = await getRevision(db, actorOf(c), article.id, parseId(c.req.param('rid')))
    const view = (
      <RevisionDetail articleId={article.id} revision={revision} currentVersion={article.version} diffs={diffDrafts(revision.draft, article)} csrf={formToken(c, deps)} />
    )
    return adminPage(c, deps, `Version ${revision.version}`, view)
  })

  app.post('/admin/articles/:id/revisions/:rid/restore', async (c) => {
    const id = articleId(c)
    const { version } = await readForm(c, versionForm)
    try {
      await restoreRevision(db, actorOf(c), id, parseId(c.req.param('rid')), readVersion(version))
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error
      const revision = await getRevision(db, actorOf(c), id, parseId(c.req.param('rid')))
      const view = <ConflictView current={error.current} mine={revision.draft} diffs={diffDrafts(error.current, revision.draft)} csrf={formToken(c, deps)} />
      return adminPage(c, deps, 'Edit conflict', view, { status: 409 })
    }
    return c.redirect(`/admin/articles/${id}?saved=1`, 303)
  })

  return app
}

function parsePayload(payload: string): ArticleDraftInput {
  try {
    return JSON.parse(payload) as ArticleDraftInput
  } catch {
    throw new ValidationError('The saved form could not be read: open the editor again.')
  }
}
