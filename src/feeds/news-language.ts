/**
 * The `news:language` of a site language tag. Google News takes an ISO 639 code (2 or 3 letters), so
 * the region goes (`en-GB` → `en`), except for Chinese, which must say which script: `zh-cn`
 * (Simplified) or `zh-tw` (Traditional). Script subtags decide when given (`zh-Hant-HK`); otherwise
 * the regions that write Traditional Chinese (Taiwan, Hong Kong, Macao) do, and Simplified is the rest.
 */
export function newsLanguage(languageTag: string): string {
  const [primary = '', ...subtags] = languageTag.trim().toLowerCase().split(/[-_]/)
  if (primary !== 'zh') return primary
  if (subtags.includes('hant')) return 'zh-tw'
  if (subtags.includes('hans')) return 'zh-cn'
  return subtags.some((subtag) => traditionalChineseRegions.has(subtag)) ? 'zh-tw' : 'zh-cn'
}

const traditionalChineseRegions = new Set(['tw', 'hk', 'mo'])
