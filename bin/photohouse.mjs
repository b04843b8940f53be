#!/usr/bin/env node
// The `photohouse` command: the TypeScript CLI loaded through tsx, the same code the app runs.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main/cli.ts')
try {
  process.exit(await main(process.argv.slice(2)))
} catch (error) {
  process.stderr.write(`photohouse: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(error?.name === 'UsageError' ? 2 : 1)
}
