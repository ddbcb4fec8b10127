// The baseline: the smallest useful Node.js HTTP server on the same machine.
import { createServer } from 'node:http'

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('Hello, world!')
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening on port ${typeof address === 'object' && address ? address.port : 0}`)
})
