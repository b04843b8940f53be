import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Main and preload run in Node (Electron); the renderer is a plain web app that is also served by
// `photohouse serve` in a browser, so it must not depend on anything Electron-only.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          'inference-worker': resolve(import.meta.dirname, 'src/main/ml/worker/main.ts'),
          'places-worker': resolve(import.meta.dirname, 'src/main/places/places.worker.ts'),
          // Decodes grid thumbnails beside the inference worker's session.run (found next to it by name).
          'webp-decode-worker': resolve(import.meta.dirname, 'src/main/ml/worker/webp-decode.worker.ts'),
          'inference-lane': resolve(import.meta.dirname, 'src/main/ml/worker/lane.worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
})
