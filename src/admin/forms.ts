import type { Context } from 'hono'
import { z } from 'zod'
import { ValidationError } from '../errors.ts'

/**
 * Reading the newsroom's HTML forms the way the Admin API reads JSON: each route names a zod schema
 * (src/admin/schemas.ts) and `readForm` parses the body with it. The form token was already checked,
 * once, by `csrfProtection` (session.ts), which reads the same body (Hono keeps it for the route).
 * A body that is no form, or a field the schema refuses, is the app's ValidationError: the 400 page.
 */
export async function readForm<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new ValidationError('The form could not be read. Reload the page and send it again.')
  })
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const [first, ...rest] = parsed.error.issues.map((issue) => issue.message)
  throw new ValidationError(first ?? 'Invalid form.', rest)
}

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value
}

/** A text field, trimmed; '' when absent or a file. */
export const formText = z.unknown().optional().transform((value) => {
  const first = firstValue(value)
  return typeof first === 'string' ? first.trim() : ''
})

/** A text field exactly as sent (an article body); '' when absent, repeated or a file. */
export const formRawText = z.unknown().optional().transform((value) => (typeof value === 'string' ? value : ''))

/** Several plain text fields at once, for a schema's `z.object({ ...formTextFields('name', 'bio') })`. */
export function formTextFields<const K extends string>(...names: K[]): Record<K, typeof formText> {
  return Object.fromEntries(names.map((name) => [name, formText])) as Record<K, typeof formText>
}

/** Every value of a repeated field, as strings. */
export const formTexts = z.unknown().optional().transform((value) => {
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return all.filter((v): v is string => typeof v === 'string')
})

/** A checkbox: sent as `on` when ticked, not at all otherwise. */
export const formCheckbox = formText.transform((value) => value === 'on')

/** One of a fixed list, refused with the form's own message. */
export function formChoice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return formText.pipe(z.enum(values, { error: () => message }))
}

/** An uploaded file that is not empty, refused with the form's own message. */
export function formFile(message: string) {
  return z
    .unknown()
    .optional()
    .transform((value) => firstValue(value))
    .refine((value): value is File => value instanceof File && value.size > 0, { error: () => message })
}
