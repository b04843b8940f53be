#!/usr/bin/env node
// The `photohouse` command: the TypeScript CLI loaded through tsx, the same code the app runs.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/main/cli.ts')
// Sets process.exitCode once all output is written; the process then ends by itself.
await runCli(process.argv.slice(2))
