/** The one timestamp format stored on both engines: ISO 8601 in UTC with milliseconds. */
export function toTimestamp(date: Date): string {
  return date.toISOString()
}

export function nowTimestamp(): string {
  return toTimestamp(new Date())
}

/** UTC hour bucket used by view counting: `2026-11-25T14`. */
export function hourBucket(date: Date): string {
  return date.toISOString().slice(0, 13)
}
