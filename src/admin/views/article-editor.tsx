import type { ArticleDraft, EditableArticle, Correction, Transition, WorkflowAction } from '../../content/articles/index.ts'
import { sourceKinds } from '../../content/articles/index.ts'
import { CsrfField } from './layout.tsx'

export type Option = { id: number; name: string }

export type EditorProps = {
  article: EditableArticle
  /** What to show in the form: the stored article, or what the user sent when a save failed. */
  draft: ArticleDraft
  csrf: string
  sections: Option[]
  authors: Option[]
  tags: Option[]
  labels: string[]
  media: (Option & { thumb: string })[]
  actions: WorkflowAction[]
  transitions: Transition[]
  missing: string[]
  publicUrl: string | null
  corrections: Correction[]
  /** An editor, on a published story. */
  canCorrect: boolean
  /** Editors and admins see the Featured box; writers see whether the desk featured the story. */
  canFeature: boolean
}

const sourceKindNames: Record<(typeof sourceKinds)[number], string> = { 'reported-by': 'Reported by', quoted: 'Quoted', document: 'Document' }

const actionNames: Record<WorkflowAction, string> = {
  submit: 'Submit for review',
  return: 'Return to draft',
  schedule: 'Schedule',
  unschedule: 'Unschedule',
  publish: 'Publish now',
  unpublish: 'Unpublish',
}

export const statusNames: Record<EditableArticle['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
}

function Select({ name, id, value, options, empty }: { name: string; id: string; value: number | null; options: Option[]; empty: string }) {
  return (
    <select name={name} id={id}>
      <option value="">{empty}</option>
      {options.map((o) => (
        <option value={String(o.id)} selected={o.id === value}>{o.name}</option>
      ))}
    </select>
  )
}

function Checks({ name, legend, options, chosen }: { name: string; legend: string; options: Option[]; chosen: number[] }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div class="checks">
        {options.map((o) => (
          <label>
            <input type="checkbox" name={name} value={String(o.id)} checked={chosen.includes(o.id)} /> {o.name}
          </label>
        ))}
      </div>
    </fieldset>
  )
}

export function ArticleEditor(props: EditorProps) {
  const { article, draft, csrf } = props
  const sources = [...draft.sources, ...Array.from({ length: 3 }, () => ({ name: '', url: '', kind: 'reported-by' as const }))]
  return (
    <div class="editor-grid">
      <form method="post" action={`/admin/articles/${article.id}`} class="panel" id="article-form" data-autosave>
        <CsrfField token={csrf} />
        <input type="hidden" name="version" value={String(article.version)} />
        <label for="headline">Headline</label>
        <input id="headline" name="headline" type="text" required maxlength={300} value={draft.headline} />
        <label for="dek">Dek <span class="hint">the summary under the headline</span></label>
        <input id="dek" name="dek" type="text" maxlength={600} value={draft.dek} />
        <label for="slug">Slug <span class="hint">the address; old addresses redirect after a change</span></label>
        <input id="slug" name="slug" type="text" maxlength={120} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={draft.slug} />
        <label for="bodyHtml">Body</label>
        <textarea id="bodyHtml" name="bodyHtml" class="body" data-rich-editor>{draft.bodyHtml}</textarea>
        <label for="dateline">Dateline <span class="hint">where the story was reported, e.g. LISBON</span></label>
        <input id="dateline" name="dateline" type="text" maxlength={120} value={draft.dateline} />

        <h2>Feature image</h2>
        <label for="featureMediaId">Image <span class="hint">from the <a href="/admin/media">media library</a></span></label>
        <Select name="featureMediaId" id="featureMediaId" value={draft.featureMediaId} options={props.media} empty="No feature image" />
        <label for="featureImageAlt">Alt text <span class="hint">required to publish: what the image shows, for readers who cannot see it</span></label>
        <input id="featureImageAlt" name="featureImageAlt" type="text" maxlength={500} value={draft.featureImageAlt} />
        <label for="featureImageCaption">Caption</label>
        <input id="featureImageCaption" name="featureImageCaption" type="text" maxlength={1000} value={draft.featureImageCaption} />
        <label for="featureImageCredit">Credit</label>
        <input id="featureImageCredit" name="featureImageCredit" type="text" maxlength={200} value={draft.featureImageCredit} />

        <h2>Sources</h2>
        <p class="hint">Who the story relies on: outlets it was reported by, people quoted, documents.</p>
        {sources.map((s, i) => (
          <div class="source-row">
            <select name="sourceKind" aria-label={`Source ${i + 1} kind`}>
              {sourceKinds.map((k) => <option value={k} selected={s.kind === k}>{sourceKindNames[k]}</option>)}
            </select>
            <input type="text" name="sourceName" aria-label={`Source ${i + 1} name`} placeholder="Name" value={s.name} />
            <input type="url" name="sourceUrl" aria-label={`Source ${i + 1} link`} placeholder="https://…" value={s.url} />
          </div>
        ))}

        <h2>Placement</h2>
        <label for="sectionId">Section <span class="hint">required to publish</span></label>
        <Select name="sectionId" id="sectionId" value={draft.sectionId} options={props.sections} empty="Choose a section" />
        <label for="label">Label</label>
        <select id="label" name="label">
          <option value="">No label</option>
          {[...new Set([...props.labels, ...(draft.label ? [draft.label] : [])])].map((l) => <option value={l} selected={l === draft.label}>{l}</option>)}
        </select>
        {props.canFeature ? (
          <label class="checkbox">
            <input type="hidden" name="featuredShown" value="1" />
            <input type="checkbox" name="featured" checked={draft.featured ?? false} /> Featured <span class="hint">offered to apps and other sites as a featured story (Content API)</span>
          </label>
        ) : (
          <p class="hint">{draft.featured ? 'Featured by the desk.' : 'Not featured.'} Editors decide which stories are featured.</p>
        )}
        <Checks name="authorIds" legend="Authors" options={props.authors} chosen={draft.authorIds} />
        <Checks name="tagIds" legend="Tags" options={props.tags} chosen={draft.tagIds} />

        <h2>Search and sharing</h2>
        <label for="seoTitle">SEO title</label>
        <input id="seoTitle" name="seoTitle" type="text" maxlength={200} value={draft.seoTitle} />
        <label for="seoDescription">SEO description</label>
        <input id="seoDescription" name="seoDescription" type="text" maxlength={400} value={draft.seoDescription} />
        <div class="actions">
          <button type="submit">Save</button>
          <a class="button secondary" href={`/admin/articles/${article.id}/revisions`}>Revisions</a>
        </div>
      </form>
      <WorkflowPanel {...props} />
    </div>
  )
}

function WorkflowPanel(props: EditorProps) {
  const { article, csrf, actions, transitions, missing, publicUrl } = props
  return (
    <aside class="panel" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Status: <span class={`status status-${article.status}`}>{statusNames[article.status]}</span></h2>
      {article.scheduledAt && <p>Goes live <time datetime={article.scheduledAt}>{article.scheduledAt}</time></p>}
      {publicUrl && <p><a href={publicUrl}>View the published story</a></p>}
      {missing.length > 0 && <p class="hint">Before publishing it needs {missing.join(', ')}.</p>}
      <div class="actions">
        {actions.map((action) => (
          <form method="post" action={`/admin/articles/${article.id}/workflow`}>
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value={action} />
            {action === 'schedule' && (
              <label>
                Publish at <span class="hint">site time</span>
                <input type="datetime-local" name="scheduledAt" required />
              </label>
            )}
            <button type="submit" class={action === 'unpublish' ? 'danger' : action === 'publish' ? '' : 'secondary'}>{actionNames[action]}</button>
          </form>
        ))}
      </div>
      <h2>History</h2>
      <ol class="timeline">
        {transitions.map((t) => (
          <li>
            <time datetime={t.at}>{t.at.replace('T', ' ').slice(0, 16)}</time> — {statusNames[t.toStatus]}
            {t.userName ? ` by ${t.userName}` : ' (automatic)'}
            {t.note ? ` — ${t.note}` : ''}
          </li>
        ))}
      </ol>
      <CorrectionsPanel {...props} />
    </aside>
  )
}

function CorrectionsPanel({ article, csrf, corrections, canCorrect }: EditorProps) {
  if (!corrections.length && !canCorrect) return null
  return (
    <section aria-labelledby="corrections-title">
      <h2 id="corrections-title">Corrections</h2>
      {corrections.length > 0 && (
        <ol class="timeline">
          {corrections.map((c) => (
            <li>
              <time datetime={c.createdAt}>{c.createdAt.replace('T', ' ').slice(0, 16)}</time> — {c.body}
              {canCorrect && (
                <form method="post" action={`/admin/articles/${article.id}/corrections/${c.id}/delete`} class="inline-form">
                  <CsrfField token={csrf} />
                  <button type="submit" class="link-button">Withdraw</button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
      {canCorrect && (
        <form method="post" action={`/admin/articles/${article.id}/corrections`}>
          <CsrfField token={csrf} />
          <label for="correction-body">New correction <span class="hint">shown to readers above the story, dated; marks the story updated</span></label>
          <textarea id="correction-body" name="body" rows={3} maxlength={2000} required />
          <div class="actions"><button type="submit" class="secondary">Publish correction</button></div>
        </form>
      )}
    </section>
  )
}
