import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/**
 * Builds the admin islands (browser code for newsroom pages) into dist/islands: minified ES modules and
 * stylesheets whose names carry a content hash, and .vite/manifest.json mapping each island to its
 * files. The server reads the manifest at start (src/admin/island-assets.ts). An island is one entry
 * below; code shared by several islands lands in a shared chunk.
 *
 * This is Vite's backend-integration build (script entries, no HTML) rather than library mode, which
 * leaves ES output unminified and `process.env.NODE_ENV` in it, and writes all CSS to one file the
 * manifest does not link to its island. See docs/decisions/0003-admin-islands.md.
 */
export const islands = {
  'article-editor': 'src/admin/islands/article-editor.ts',
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist/islands',
    assetsDir: '',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: islands,
      output: {
        entryFileNames: '[name].[hash].js',
        chunkFileNames: '[name].[hash].js',
        assetFileNames: '[name].[hash][extname]',
      },
    },
  },
})
