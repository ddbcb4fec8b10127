import type { ArticleDraft, EditableArticle, FieldDiff, RevisionSummary } from '../../content/articles/index.ts'
import type { ArticleStatus } from '../../db/schema.ts'
import { statusNames } from './article-editor.tsx'
import { printableBodyHtml } from '../../content/shared/index.ts'
import { CsrfField } from './layout.tsx'

export type ArticleRowView = { id: number; headline: string; status: ArticleStatus; updatedAt: string; section: string | null; authors: string }

export function ArticleList({ rows, status, csrf }: { rows: ArticleRowView[]; status: ArticleStatus | ''; csrf: string }) {
  const filters: [ArticleStatus | '', string][] = [['', 'All'], ...Object.entries(statusNames) as [ArticleStatus, string][]]
  return (
    <>
      <h1>Articles</h1>
      <form method="post" action="/admin/articles" class="panel">
        <CsrfField token={csrf} />
        <label for="new-headline">Start a new article</label>
        <div class="actions flush">
          <input id="new-headline" name="headline" type="text" required maxlength={300} placeholder="Working headline" class="grow" />
          <button type="submit">Create draft</button>
        </div>
      </form>
      <nav aria-label="Filter by status" class="actions">
        {filters.map(([value, name]) => (
          <a href={value ? `/admin/articles?status=${value}` : '/admin/articles'} aria-current={value === status ? 'page' : undefined}>{name}</a>
        ))}
      </nav>
      <table>
        <thead>
          <tr><th>Headline</th><th>Status</th><th>Section</th><th>Authors</th><th>Updated</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td><a href={`/admin/articles/${r.id}`}>{r.headline}</a></td>
              <td><span class={`status status-${r.status}`}>{statusNames[r.status]}</span></td>
              <td>{r.section ?? '—'}</td>
              <td>{r.authors || '—'}</td>
              <td><time datetime={r.updatedAt}>{r.updatedAt.replace('T', ' ').slice(0, 16)}</time></td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p>No articles here yet.</p>}
    </>
  )
}

export function DiffView({ diffs }: { diffs: FieldDiff[] }) {
  const changed = diffs.filter((d) => d.changed)
  if (!changed.length) return <p>No differences in the text.</p>
  return (
    <dl>
      {changed.map((d) => (
        <>
          <dt><strong>{d.field}</strong></dt>
          <dd class="diff-field">
            {d.parts.map((p) => (p.added ? <ins>{p.value}</ins> : p.removed ? <del>{p.value}</del> : <span>{p.value}</span>))}
          </dd>
        </>
      ))}
    </dl>
  )
}

/** Shown instead of saving when someone else saved first: both versions, and an explicit choice. */
export function ConflictView({ current, mine, diffs, csrf }: { current: EditableArticle; mine: ArticleDraft; diffs: FieldDiff[]; csrf: string }) {
  return (
    <>
      <h1>Someone else saved this article first</h1>
      <p>
        Version {current.version} was saved after you opened the editor. Nothing has been overwritten. Below, <del>struck text</del> is in the
        stored version and <ins>marked text</ins> is yours.
      </p>
      <div class="panel"><DiffView diffs={diffs} /></div>
      <div class="compare">
        <section class="panel">
          <h2>Stored version {current.version}</h2>
          <p><strong>{current.headline}</strong></p>
          <div dangerouslySetInnerHTML={{ __html: printableBodyHtml(current.bodyHtml) }} />
        </section>
        <section class="panel">
          <h2>Your version</h2>
          <p><strong>{mine.headline}</strong></p>
          <div dangerouslySetInnerHTML={{ __html: printableBodyHtml(mine.bodyHtml) }} />
        </section>
      </div>
      <div class="actions">
        <a class="button secondary" href={`/admin/articles/${current.id}`}>Discard mine and open the stored version</a>
        <form method="post" action={`/admin/articles/${current.id}`}>
          <CsrfField token={csrf} />
          <input type="hidden" name="version" value={String(current.version)} />
          <input type="hidden" name="payload" value={JSON.stringify(mine)} />
          <button type="submit" class="danger">Save mine over version {current.version}</button>
        </form>
      </div>
    </>
  )
}

export function RevisionList({ articleId, headline, revisions }: { articleId: number; headline: string; revisions: RevisionSummary[] }) {
  return (
    <>
      <h1>Revisions of “{headline}”</h1>
      <p><a href={`/admin/articles/${articleId}`}>Back to the editor</a></p>
      <table>
        <thead><tr><th>Version</th><th>Saved</th><th>By</th><th></th></tr></thead>
        <tbody>
          {revisions.map((r) => (
            <tr>
              <td>{r.version}</td>
              <td><time datetime={r.createdAt}>{r.createdAt.replace('T', ' ').slice(0, 19)}</time></td>
              <td>{r.userName ?? '—'}</td>
              <td><a href={`/admin/articles/${articleId}/revisions/${r.id}`}>Compare with current</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

export function RevisionDetail({ articleId, revision, currentVersion, diffs, csrf }: { articleId: number; revision: RevisionSummary; currentVersion: number; diffs: FieldDiff[]; csrf: string }) {
  return (
    <>
      <h1>Version {revision.version} compared with the current version {currentVersion}</h1>
      <p>
        <del>Struck text</del> is in version {revision.version} only; <ins>marked text</ins> was added since.
      </p>
      <div class="panel"><DiffView diffs={diffs} /></div>
      <div class="actions">
        <a class="button secondary" href={`/admin/articles/${articleId}/revisions`}>All revisions</a>
        <form method="post" action={`/admin/articles/${articleId}/revisions/${revision.id}/restore`}>
          <CsrfField token={csrf} />
          <input type="hidden" name="version" value={String(currentVersion)} />
          <button type="submit">Restore version {revision.version}</button>
        </form>
      </div>
    </>
  )
}
