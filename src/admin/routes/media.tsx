import { Hono } from 'hono'
import { describeMedia, removeMedia, uploadMedia, imageSources, listMedia } from '../../content/media/index.ts'
import type { AppDeps } from '../../http/deps.ts'
import { readPage } from '../../http/query.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { adminPage, parseId } from '../render.tsx'
import { mediaDescriptionForm, mediaUploadForm } from '../schemas.ts'
import { actorOf, requireUser, formToken } from '../session.ts'
import { CsrfField } from '../views/layout.tsx'

export function mediaRoutes(deps: AppDeps) {
  const { db } = deps.database
  const limits = { storage: deps.mediaStorage, maxBytes: deps.config.maxUploadBytes, maxPixels: deps.config.images.maxPixels, queue: deps.imageQueue }
  const app = new Hono<AdminEnv>()
  app.use('/admin/media', requireUser())
  app.use('/admin/media/*', requireUser())

  app.get('/admin/media', async (c) => {
    const page = readPage(c.req.query())
    const { items, hasNext } = await listMedia(db, { page, pageSize: 48 })
    const csrf = formToken(c, deps)
    const maxMb = Math.round(deps.config.maxUploadBytes / 1024 / 1024)
    const view = (
      <>
        <h1>Media library</h1>
        <form method="post" action="/admin/media" enctype="multipart/form-data" class="panel">
          <CsrfField token={csrf} />
          <label for="file">Upload an image <span class="hint">JPEG, PNG, WebP, AVIF or GIF, up to {maxMb} MB; location data is removed</span></label>
          <input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif" required />
          <label for="alt">Alt text</label>
          <input id="alt" name="alt" type="text" maxlength={500} />
          <label for="caption">Caption</label>
          <input id="caption" name="caption" type="text" maxlength={1000} />
          <label for="credit">Credit</label>
          <input id="credit" name="credit" type="text" maxlength={200} />
          <div class="actions"><button type="submit">Upload</button></div>
        </form>
        <div class="media-grid">
          {items.map((m) => {
            const sources = imageSources(m)
            return (
              <figure>
                <img src={sources.src} srcset={sources.srcset} sizes="12rem" width={sources.width} height={sources.height} alt={m.alt ?? ''} loading="lazy" />
                <figcaption>
                  {m.original_name} · {m.width}×{m.height}
                  <form method="post" action={`/admin/media/${m.id}`}>
                    <CsrfField token={csrf} />
                    <input type="text" name="alt" aria-label={`Alt text for ${m.original_name}`} value={m.alt ?? ''} placeholder="Alt text" />
                    <input type="text" name="caption" aria-label={`Caption for ${m.original_name}`} value={m.caption ?? ''} placeholder="Caption" />
                    <input type="text" name="credit" aria-label={`Credit for ${m.original_name}`} value={m.credit ?? ''} placeholder="Credit" />
                    <div class="actions"><button type="submit" class="secondary">Save</button></div>
                  </form>
                  <form method="post" action={`/admin/media/${m.id}/delete`}>
                    <CsrfField token={csrf} />
                    <button type="submit" class="danger">Delete</button>
                  </form>
                </figcaption>
              </figure>
            )
          })}
        </div>
        {hasNext && <p><a href={`/admin/media?page=${page + 1}`}>Older images →</a></p>}
      </>
    )
    return adminPage(c, deps, 'Media library', view)
  })

  app.post('/admin/media', async (c) => {
    const { file, alt, caption, credit } = await readForm(c, mediaUploadForm)
    const media = await uploadMedia(
      db,
      actorOf(c),
      { bytes: new Uint8Array(await file.arrayBuffer()), originalName: file.name || 'upload', alt, caption, credit },
      limits,
    )
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ id: media.id, ...imageSources(media) }, 201)
    return c.redirect('/admin/media', 303)
  })

  app.post('/admin/media/:id', async (c) => {
    const description = await readForm(c, mediaDescriptionForm)
    await describeMedia(db, actorOf(c), parseId(c.req.param('id')), description)
    return c.redirect('/admin/media', 303)
  })

  app.post('/admin/media/:id/delete', async (c) => {
    await removeMedia(db, actorOf(c), parseId(c.req.param('id')), deps.mediaStorage)
    return c.redirect('/admin/media', 303)
  })

  return app
}
