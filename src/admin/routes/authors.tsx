import { Hono } from 'hono'
import { getAuthor, listAuthors, updateAuthorProfile } from '../../content/taxonomy/index.ts'
import { libraryThumbnailUrl, listMediaOptions } from '../../content/media/index.ts'
import { atLeast, canEditAuthorProfile } from '../../content/accounts/index.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { adminPage, parseId } from '../render.tsx'
import { authorProfileForm } from '../schemas.ts'
import { actorOf, requireUser, formToken } from '../session.ts'
import { AuthorForm, AuthorList, type AuthorFormValues } from '../views/author-pages.tsx'

/** Author profiles: editors keep everyone's, each writer their own (name, bio, photo). */
export function authorRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()
  app.use('/admin/authors', requireUser())
  app.use('/admin/authors/*', requireUser())

  const authorId = (value: string | undefined) => {
    const id = parseId(value ?? '')
    if (!id) throw new NotFoundError('There is no such author.')
    return id
  }

  app.get('/admin/authors', async (c) => {
    const actor = actorOf(c)
    if (atLeast(actor, 'editor')) return adminPage(c, deps, 'Authors', <AuthorList authors={await listAuthors(db)} />)
    if (actor.authorId) return c.redirect(`/admin/authors/${actor.authorId}`, 303)
    throw new ForbiddenError('Your account has no author profile.')
  })

  app.get('/admin/authors/:id', async (c) => {
    const id = authorId(c.req.param('id'))
    if (!canEditAuthorProfile(actorOf(c), id)) throw new ForbiddenError('You can only edit your own author profile.')
    const [author, media] = await Promise.all([getAuthor(db, id), listMediaOptions(db)])
    const values = { name: author.name, bio: author.bio ?? '', avatarUrl: author.avatar_url ?? '' }
    const notice = c.req.query('saved') ? { notice: { kind: 'ok' as const, text: 'Profile saved.' } } : {}
    return adminPage(c, deps, author.name, <AuthorForm author={author} values={values} media={media} csrf={formToken(c, deps)} />, notice)
  })

  app.post('/admin/authors/:id', async (c) => {
    const id = authorId(c.req.param('id'))
    const form = await readForm(c, authorProfileForm)
    const mediaId = parseId(form.avatarMediaId)
    const values: AuthorFormValues = {
      name: form.name,
      bio: form.bio,
      avatarUrl: mediaId ? await libraryThumbnailUrl(db, mediaId) : form.avatarUrl,
    }
    try {
      await updateAuthorProfile(db, actorOf(c), id, values)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const [author, media] = await Promise.all([getAuthor(db, id), listMediaOptions(db)])
      const view = <AuthorForm author={author} values={values} media={media} csrf={formToken(c, deps)} />
      return adminPage(c, deps, author.name, view, { status: 400, notice: { kind: 'error', text: error.message, details: error.details } })
    }
    return c.redirect(`/admin/authors/${id}?saved=1`, 303)
  })

  return app
}
