import { Hono } from 'hono'
import { listDeliveries, createWebhook, deleteWebhook, getWebhook, listWebhooks, setWebhookEnabled } from '../../content/webhooks/index.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import { readPage } from '../../http/query.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { adminPage, parseId } from '../render.tsx'
import { webhookForm } from '../schemas.ts'
import { actorOf, requireUser, formToken } from '../session.ts'
import { WebhookDetail, WebhooksPage } from '../views/webhook-pages.tsx'

/** Webhook registration and delivery logs; administrators only (the domain functions check). */
export function webhookRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()
  app.use('/admin/webhooks', requireUser())
  app.use('/admin/webhooks/*', requireUser())
  const webhookId = (value: string) => {
    const id = parseId(value)
    if (!id) throw new NotFoundError('There is no such webhook.')
    return id
  }

  app.get('/admin/webhooks', async (c) => {
    return adminPage(c, deps, 'Webhooks', <WebhooksPage webhooks={await listWebhooks(db, actorOf(c))} csrf={formToken(c, deps)} />)
  })

  app.post('/admin/webhooks', async (c) => {
    const input = await readForm(c, webhookForm)
    try {
      const webhook = await createWebhook(db, actorOf(c), input, { allowPrivateAddresses: deps.config.webhookAllowPrivate })
      return c.redirect(`/admin/webhooks/${webhook.id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const page = <WebhooksPage webhooks={await listWebhooks(db, actorOf(c))} csrf={formToken(c, deps)} form={input} />
      return adminPage(c, deps, 'Webhooks', page, { status: 400, notice: { kind: 'error', text: error.message, details: error.details } })
    }
  })

  app.get('/admin/webhooks/:id', async (c) => {
    const actor = actorOf(c)
    const webhook = await getWebhook(db, actor, webhookId(c.req.param('id')))
    const page = readPage(c.req.query())
    const { items, hasNext } = await listDeliveries(db, actor, webhook.id, { page })
    return adminPage(c, deps, `Webhook ${webhook.id}`, <WebhookDetail webhook={webhook} deliveries={items} page={page} hasNext={hasNext} csrf={formToken(c, deps)} />)
  })

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/admin/webhooks/:id/${action}`, async (c) => {
      const id = webhookId(c.req.param('id'))
      await setWebhookEnabled(db, actorOf(c), id, enabled)
      return c.redirect(`/admin/webhooks/${id}`, 303)
    })
  }

  app.post('/admin/webhooks/:id/delete', async (c) => {
    await deleteWebhook(db, actorOf(c), webhookId(c.req.param('id')))
    return c.redirect('/admin/webhooks', 303)
  })

  return app
}
