export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/gif'

/**
 * The image type the bytes really are. A browser's file name and Content-Type are whatever the client
 * says, so only the magic bytes count.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif'
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp'
  if (isAvif(bytes)) return 'image/avif'
  return null
}

const avifBrands = new Set(['avif', 'avis'])

/** AVIF is an ISO BMFF file whose leading `ftyp` box names avif (still) or avis (sequence) as a brand. */
function isAvif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const declared = view.getUint32(0)
  // 0 means "to the end of the file"; 1 announces a 64-bit size no real ftyp box needs.
  const size = declared === 0 ? bytes.length : declared
  if (size < 16 || size > bytes.length) return false
  if (avifBrands.has(ascii(bytes, 8, 12))) return true
  // Bytes 12–16 are the minor version; the compatible brands follow, four bytes each.
  for (let offset = 16; offset + 4 <= size; offset += 4) {
    if (avifBrands.has(ascii(bytes, offset, offset + 4))) return true
  }
  return false
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte)
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  if (bytes.length < end) return ''
  return String.fromCharCode(...bytes.subarray(start, end))
}
