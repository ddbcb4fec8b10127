import { z } from 'zod'
import { ValidationError } from '../errors.ts'

/** Validates input at a domain boundary; failures become a 400 that lists every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'input'): z.output<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const details = parsed.error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  )
  throw new ValidationError(`Invalid ${what}.`, details)
}

/** An image or page address a public page may link to: http(s), or a path on this site; empty clears it. */
export const addressField = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v === '' || /^(https?:\/\/[^\s]+|\/[^\s]*)$/i.test(v), 'must be an http(s) address or a path on this site')
