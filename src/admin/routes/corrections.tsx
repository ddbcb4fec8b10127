import { Hono } from 'hono'
import { issueCorrection, withdrawCorrection } from '../../content/articles/index.ts'
import { NotFoundError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { parseId } from '../render.tsx'
import { correctionForm } from '../schemas.ts'
import { actorOf, requireUser } from '../session.ts'

/** Corrections on published stories: issued and withdrawn by editors from the article page. */
export function correctionRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()
  app.use('/admin/articles/:id/corrections', requireUser())
  app.use('/admin/articles/:id/corrections/*', requireUser())

  const idParam = (value: string | undefined, what: string) => {
    const id = parseId(value ?? '')
    if (!id) throw new NotFoundError(`There is no such ${what}.`)
    return id
  }

  app.post('/admin/articles/:id/corrections', async (c) => {
    const id = idParam(c.req.param('id'), 'article')
    await issueCorrection(db, actorOf(c), id, await readForm(c, correctionForm))
    return c.redirect(`/admin/articles/${id}?saved=correction`, 303)
  })

  app.post('/admin/articles/:id/corrections/:cid/delete', async (c) => {
    const id = idParam(c.req.param('id'), 'article')
    await withdrawCorrection(db, actorOf(c), id, idParam(c.req.param('cid'), 'correction'))
    return c.redirect(`/admin/articles/${id}?saved=withdrawn`, 303)
  })

  return app
}
