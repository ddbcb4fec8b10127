import { Hono } from 'hono'
import { createLabel, listLabels, createSection, listSections, createTag, listAllTags } from '../../content/taxonomy/index.ts'
import { canManageSettings, canManageTaxonomy, canManageUsers, addUser, changeUserRole, listUsers } from '../../content/accounts/index.ts'
import { changeSiteSettings, getSiteSettings, socialNetworks, type SiteSettings } from '../../content/settings/index.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import type { AppDeps } from '../../http/deps.ts'
import type { AdminEnv } from '../env.ts'
import { readForm } from '../forms.ts'
import { adminPage, parseId } from '../render.tsx'
import { nameForm, newUserForm, settingsForm, userRoleForm, type SettingsFormFields } from '../schemas.ts'
import { actorOf, requireUser, formToken } from '../session.ts'
import { SettingsForm, TaxonomyPage, UsersPage } from '../views/admin-pages.tsx'

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
    const form = await readForm(c, settingsForm)
    const urls = form.socialUrl
    const socialLinks = form.socialNetwork
      .map((network, i) => ({ network, url: (urls[i] ?? '').trim() }))
      .filter((l) => l.network !== '' || l.url !== '') as SiteSettings['socialLinks']
    const badNetwork = socialLinks.find((l) => !(socialNetworks as readonly string[]).includes(l.network))
    if (badNetwork) throw new ValidationError('Choose a network for every social link.')
    const patch = {
      name: form.name,
      description: form.description,
      logoUrl: form.logoUrl,
      language: form.language,
      timezone: form.timezone,
      copyrightHolder: form.copyrightHolder,
      socialLinks,
      ...readThemeFields(form),
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
    const { name, email, role, password } = await readForm(c, newUserForm)
    await addUser(db, actorOf(c), { name, email, role, password })
    return c.redirect('/admin/users', 303)
  })

  app.post('/admin/users/:id/role', async (c) => {
    const id = parseId(c.req.param('id'))
    if (!id) throw new NotFoundError('There is no such user.')
    const { role } = await readForm(c, userRoleForm)
    await changeUserRole(db, actorOf(c), id, role)
    return c.redirect('/admin/users', 303)
  })

  app.get('/admin/taxonomy', async (c) => {
    if (!canManageTaxonomy(actorOf(c))) throw new ForbiddenError('Only editors can manage sections, tags and labels.')
    const [sections, tags, labels] = await Promise.all([listSections(db), listAllTags(db), listLabels(db)])
    return adminPage(c, deps, 'Sections and tags', <TaxonomyPage sections={sections} tags={tags} labels={labels} csrf={formToken(c, deps)} />)
  })

  app.post('/admin/taxonomy/:kind', async (c) => {
    const { name } = await readForm(c, nameForm)
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
function readThemeFields(form: SettingsFormFields): Partial<SiteSettings> {
  if (form.theme !== '1') return {}
  return {
    accentColor: form.accentColor,
    // The domain's settings schema checks the choices and the number (with its own messages).
    font: form.font as SiteSettings['font'],
    frontLayout: form.frontLayout as SiteSettings['frontLayout'],
    frontSectionRails: Number(form.frontSectionRails || Number.NaN),
    showTrending: form.showTrending,
  }
}
