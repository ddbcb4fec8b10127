import { createHash } from 'node:crypto'
import { pipeline, Transform, type Readable } from 'node:stream'
import { constants as zlib, createBrotliCompress, createGzip } from 'node:zlib'
import type { Context } from 'hono'
import { chooseEncoding, isNotModified, type Encoding } from './send.ts'

/** Writes go to the socket in pieces of about this size, not one per tiny string a generator yields. */
const chunkBytes = 16 * 1024

/**
 * A weak ETag from the cheap facts a streamed body is made of (row counts, newest change times, …):
 * hashing the body itself would mean generating it, which is what a 304 is there to avoid. Weak,
 * because it vouches for the same content, not the same bytes (and so fits every encoding).
 */
export function weakEtag(facts: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(facts)).digest('base64url')}"`
}

export type StreamOptions = {
  contentType: string
  cacheControl: string
  /** From `weakEtag`. */
  etag: string
  /** When the content last changed, if known: sent as Last-Modified, checked against If-Modified-Since. */
  lastModified?: Date | null
  /** Opens the body; called only when one is sent (not for a 304 or a HEAD). */
  open: () => Readable
  /** Told about a failure after the headers went out (the response is then cut short). */
  onError: (error: Error) => void
  /** Sent as well, on a 304 too (Surrogate-Key, X-Render-Cache). */
  headers?: Record<string, string>
}

/**
 * Sends a generated body as it is produced, so memory stays flat however large it is: a conditional
 * GET is answered 304 from the validators alone, and the body is compressed on the fly with brotli
 * or gzip as the client accepts (the same choice `sendText` makes for whole bodies).
 */
export function sendStream(c: Context, options: StreamOptions): Response {
  const headers: Record<string, string> = { ...options.headers, 'Cache-Control': options.cacheControl, Vary: 'Accept-Encoding', ETag: options.etag }
  if (options.lastModified) headers['Last-Modified'] = options.lastModified.toUTCString()
  if (isNotModified((name) => c.req.header(name), options.etag, options.lastModified)) return c.body(null, 304, headers)
  const encoding = chooseEncoding(c.req.header('accept-encoding'))
  headers['Content-Type'] = options.contentType
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding
  // Hono answers HEAD with the GET handler and drops the body: do not start generating one.
  if (c.req.method === 'HEAD') return c.body(null, 200, headers)
  const done = (error: NodeJS.ErrnoException | null) => {
    // A reader that hangs up early (the pipeline is then aborted) is not a failure of ours.
    if (error && error.name !== 'AbortError' && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') options.onError(error)
  }
  const source = options.open()
  const compress = compressor(encoding)
  const body = compress ? pipeline(source, coalesce(chunkBytes), compress, done) : pipeline(source, coalesce(chunkBytes), done)
  return c.body(pullStream(body), 200, headers)
}

function compressor(encoding: Encoding): Transform | null {
  if (encoding === 'br') return createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } })
  if (encoding === 'gzip') return createGzip({ level: 6 })
  return null
}

/** Gathers small string or byte chunks into pieces of about `size` bytes. */
function coalesce(size: number): Transform {
  let pending: Buffer[] = []
  let pendingBytes = 0
  return new Transform({
    writableObjectMode: true,
    transform(chunk: string | Buffer, _encoding, callback) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      pending.push(bytes)
      pendingBytes += bytes.length
      if (pendingBytes >= size) {
        this.push(Buffer.concat(pending, pendingBytes))
        pending = []
        pendingBytes = 0
      }
      callback()
    },
    flush(callback) {
      if (pendingBytes) this.push(Buffer.concat(pending, pendingBytes))
      callback()
    },
  })
}

/**
 * A web stream that reads the Node stream only when the server asks for the next chunk (which it
 * does when the socket has room), so a slow reader holds back the database reads instead of
 * piling output up in memory. Cancelling (the reader went away) destroys the whole pipeline.
 */
function pullStream(readable: Readable): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      async cancel() {
        await chunks.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}
