import { IslandBuildError } from './admin/island-assets.ts'
import { ConfigError, readConfig } from './config.ts'
import { startServer } from './server.ts'

async function main() {
  const config = readConfig()
  const server = await startServer(config)
  console.log(`Gazette is serving ${config.siteUrl} (listening on port ${server.port}, ${server.database.dialect})`)

  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error)
          process.exit(1)
        },
      )
    })
  }
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code
  if (error instanceof ConfigError || error instanceof IslandBuildError) console.error(error.message)
  else if (code === 'EADDRINUSE') console.error(`Port ${process.env.PORT ?? 3000} is already in use: stop the other server or set PORT.`)
  else console.error('Gazette could not start:', error)
  process.exit(1)
})
