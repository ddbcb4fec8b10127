import { crc32, deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../errors.ts'
import { checkImage, defaultMaxImagePixels } from './variants.ts'

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A PNG that only claims its size: a header and a token of pixel data. Decoding it would be the expensive part. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(1))), pngChunk('IEND', Buffer.alloc(0))])
}

describe('checkImage', () => {
  it('refuses a 10000×10000 image from its header alone, naming the 40 megapixel limit', async () => {
    expect(defaultMaxImagePixels).toBe(40_000_000)
    const refusal = checkImage(pngHeader(10_000, 10_000), 'image/png')
    await expect(refusal).rejects.toBeInstanceOf(ValidationError)
    await expect(refusal).rejects.toThrow('10000×10000 pixels is 100 megapixels, and the limit is 40 megapixels')
  })

  it('takes the limit it is given, and lets an image at the limit through to decoding', async () => {
    await expect(checkImage(pngHeader(2000, 1001), 'image/png', 2_000_000)).rejects.toThrow('the limit is 2 megapixels')
    const checked = await checkImage(pngHeader(2000, 1000), 'image/png', 2_000_000)
    expect([checked.metadata.width, checked.metadata.height, checked.maxPixels]).toEqual([2000, 1000, 2_000_000])
  })
})
