import { Hono } from 'hono'
import { createLabel, listLabels, createSection, listSections, createTag, listAllTags } from '../../content/taxonomy/index.ts'
import { canManageSettings, canManageTaxonomy, canManageUsers, addUser, changeUserRole, listUsers, roles } from '../../content/accounts/index.ts'
import { changeSiteSettings, getSiteSettings, socialNetworks, type SiteSettings } from '../../content/settings/index.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import type { AdminEnv } from '../env.ts'
import { adminPage, field, fields, parseId } from '../render.tsx'
import { actorOf, requireUser, formToken } from '../session.ts'
import { SettingsForm, TaxonomyPage, UsersPage } from '../views/admin-pages.tsx'
import type { Role } from '../../db/schema.ts'

/** Site settings, users and taxonomy: the admin and editor back office. */
export function manageRoutes(deps: AppDeps) {
  const { db } = deps.database
  const app = new Hono<AdminEnv>()
  for (const path of ['/admin/settings', '/admin/users', '/admin/users/*', '/admin/taxonomy', '/admin/taxonomy/*']) app.use(path, requireUser())

  app.get('/admin/settings', async (c) => {
    if (!canManageSettings(actorOf(c))) throw new ForbiddenError('Only administrators can change site settings.')
    const saved = c.req.query('saved') ? { notice: { kind: 'ok' as const, text: 'Settings saved.' } } : {}
    return adminPage(c, deps, 'Settings', <SettingsForm settings={await getSiteSettings(db)} csrf={formToken(c, deps)} />, saved)
  })

  app.post('/admin/settings', async (c) => {
    const body = await c.req.parseBody({ all: true })
    const urls = fields(body, 'socialUrl')
    const socialLinks = fields(body, 'socialNetwork')
      .map((network, i) => ({ network, url: (urls[i] ?? '').trim() }))
      .filter((l) => l.network !== '' || l.url !== '') as SiteSettings['socialLinks']
    const badNetwork = socialLinks.find((l) => !(socialNetworks as readonly string[]).includes(l.network))
    if (badNetwork) throw new ValidationError('Choose a network for every social link.')
    const patch = {
      name: field(body, 'name'),
      description: field(body, 'description'),
      logoUrl: field(body, 'logoUrl'),
      language: field(body, 'language'),
      timezone: field(body, 'timezone'),
      copyrightHolder: field(body, 'copyrightHolder'),
      socialLinks,
      ...readThemeFields(body),
    }
    try {
      await changeSiteSettings(db, actorOf(c), patch)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const shown = { ...(await getSiteSettings(db)), ...patch }
      return adminPage(c, deps, 'Settings', <SettingsForm settings={shown} csrf={formToken(c, deps)} />, { status: 400, notice: { kind: 'error', text: error.message, details: error.details } })
    }
    return c.redirect('/admin/settings?saved=1', 303)
  })

  app.get('/admin/users', async (c) => {
    if (!canManageUsers(actorOf(c))) throw new ForbiddenError('Only administrators can manage users.')
    return adminPage(c, deps, 'Users', <UsersPage users={await listUsers(db)} csrf={formToken(c, deps)} />)
  })

  app.post('/admin/users', async (c) => {
    const body = await c.req.parseBody()
    const role = field(body, 'role') as Role
    if (!(roles as readonly string[]).includes(role)) throw new ValidationError('Choose a role.')
    await addUser(db, actorOf(c), { name: field(body, 'name'), email: field(body, 'email'), role, password: field(body, 'password') })
    return c.redirect('/admin/users', 303)
  })

  app.post('/admin/users/:id/role', async (c) => {
    const id = parseId(c.req.param('id'))
    if (!id) throw new NotFoundError('There is no such user.')
    const role = field(await c.req.parseBody(), 'role') as Role
    if (!(roles as readonly string[]).includes(role)) throw new ValidationError('Choose a role.')
    await changeUserRole(db, actorOf(c), id, role)
    return c.redirect('/admin/users', 303)
  })

  app.get('/admin/taxonomy', async (c) => {
    if (!canManageTaxonomy(actorOf(c))) throw new ForbiddenError('Only editors can manage sections, tags and labels.')
    const [sections, tags, labels] = await Promise.all([listSections(db), listAllTags(db), listLabels(db)])
    return adminPage(c, deps, 'Sections and tags', <TaxonomyPage sections={sections} tags={tags} labels={labels} csrf={formToken(c, deps)} />)
  })

  app.post('/admin/taxonomy/:kind', async (c) => {
    const name = field(await c.req.parseBody(), 'name')
    const actor = actorOf(c)
    const kind = c.req.param('kind')
    if (kind === 'sections') await createSection(db, actor, { name })
    else if (kind === 'tags') await createTag(db, actor, { name })
    else if (kind === 'labels') await createLabel(db, actor, { name })
    else throw new NotFoundError()
    return c.redirect('/admin/taxonomy', 303)
  })

  return app
}

/** The theme fieldset, when the form had it (`theme=1`): an unchecked box sends nothing, so it is read as off. */
function readThemeFields(body: Record<string, unknown>): Partial<SiteSettings> {
  if (field(body, 'theme') !== '1') return {}
  return {
    accentColor: field(body, 'accentColor'),
    font: field(body, 'font') as SiteSettings['font'],
    frontLayout: field(body, 'frontLayout') as SiteSettings['frontLayout'],
    frontSectionRails: Number(field(body, 'frontSectionRails') || Number.NaN),
    showTrending: field(body, 'showTrending') === 'on',
  }
}
