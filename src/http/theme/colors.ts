/** Colour arithmetic for the theme: an editor picks any accent and the site keeps it readable (WCAG AA). */
type Rgb = [number, number, number]

export function parseHex(hex: string): Rgb {
  const value = /^#?([0-9a-f]{6})$/i.exec(hex)?.[1]
  if (!value) throw new TypeError(`Not a six-digit hex colour: ${hex}`)
  return [0, 2, 4].map((i) => parseInt(value.slice(i, i + 2), 16)) as Rgb
}

export function toHex(rgb: Rgb): string {
  return '#' + rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')
}

function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(parseHex(a)), luminance(parseHex(b))]
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}

/**
 * The accent as chosen when it already reads well on `background`; otherwise the nearest shade
 * (mixed towards black on light pages, towards white on dark ones) that reaches `minRatio`.
 */
export function readableOn(accent: string, background: string, minRatio = 4.5): string {
  if (contrastRatio(accent, background) >= minRatio) return accent.toLowerCase()
  const from = parseHex(accent)
  const target: Rgb = luminance(parseHex(background)) > 0.5 ? [0, 0, 0] : [255, 255, 255]
  for (let step = 1; step <= 20; step++) {
    const t = step / 20
    const mixed = toHex(from.map((c, i) => c + (target[i]! - c) * t) as Rgb)
    if (contrastRatio(mixed, background) >= minRatio) return mixed
  }
  return toHex(target)
}
