/**
 * The one reader of numbers in paths and forms: 1–9 digits, nothing else (no sign, no exponent, no
 * spaces), so a value is never NaN and never past an integer column's range. Null otherwise.
 */
export function parseWholeNumber(value: string): number | null {
  return /^\d{1,9}$/.test(value) ? Number(value) : null
}

/** A row id from a path or a form: a whole number above zero, else null. */
export function parseRowId(value: string): number | null {
  const n = parseWholeNumber(value)
  return n !== null && n > 0 ? n : null
}
