import { z } from 'zod'
import { workflowActions } from '../content/articles/index.ts'
import { roles } from '../content/accounts/index.ts'
import { formCheckbox, formChoice, formFile, formRawText, formText, formTextFields, formTexts } from './forms.ts'

/**
 * One zod schema per newsroom form, read by `readForm` (forms.ts). They give each field its shape
 * (trimmed text, repeated values, a file, a checkbox) and refuse what the route cannot use with the
 * form's message; the rules about the content itself stay in the domain, which validates again.
 */

export const newDraftForm = z.object({ headline: formText })

/** The article editor as a form; `payload` is the conflict page's "keep mine" (the draft as JSON). */
export const articleForm = z.object({
  payload: z.unknown().optional().transform((value) => (typeof value === 'string' ? value : undefined)),
  ...formTextFields('version', 'headline', 'dek', 'slug', 'sectionId', 'label', 'dateline', 'featureMediaId'),
  ...formTextFields('featureImageAlt', 'featureImageCaption', 'featureImageCredit', 'seoTitle', 'seoDescription', 'featuredShown', 'featured'),
  bodyHtml: formRawText,
  authorIds: formTexts,
  tagIds: formTexts,
  sourceName: formTexts,
  sourceUrl: formTexts,
  sourceKind: formTexts,
})
export type ArticleForm = z.output<typeof articleForm>

export const versionForm = z.object({ version: formText })

export const workflowForm = z.object({ action: formChoice(workflowActions, 'Unknown workflow action.'), scheduledAt: formText })

export const correctionForm = z.object({ body: formText })

const mediaDescription = { alt: formText, caption: formText, credit: formText }
export const mediaUploadForm = z.object({ file: formFile('Choose an image file to upload.'), ...mediaDescription })
export const mediaDescriptionForm = z.object(mediaDescription)

export const newUserForm = z.object({ name: formText, email: formText, role: formChoice(roles, 'Choose a role.'), password: formText })
export const userRoleForm = z.object({ role: formChoice(roles, 'Choose a role.') })

export const settingsForm = z.object({
  ...formTextFields('name', 'description', 'logoUrl', 'language', 'timezone', 'copyrightHolder'),
  socialNetwork: formTexts,
  socialUrl: formTexts,
  // The theme fieldset, when the form had it (`theme=1`): an unchecked box sends nothing, so it is read as off.
  ...formTextFields('theme', 'accentColor', 'font', 'frontLayout', 'frontSectionRails'),
  showTrending: formCheckbox,
})
export type SettingsFormFields = z.output<typeof settingsForm>

/** A section, tag or label; an Admin API token; a Content API key: each is created from a name. */
export const nameForm = z.object({ name: formText })

export const authorProfileForm = z.object({ name: formText, bio: formText, avatarUrl: formText, avatarMediaId: formText })

export const webhookForm = z.object({ url: formText, events: formTexts })

export const setupForm = z.object({ email: formText, name: formText, password: formText })

export const loginForm = z.object({ email: formText, password: formText, next: formText })
