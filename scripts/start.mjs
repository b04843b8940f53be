// `npm start`: the Electron app where Electron's runtime is installed, else the same UI in a browser.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
// From a checkout, use the real models in ../shared/models when present (the installer ships its own).
const sharedModels = join(root, '..', 'shared', 'models')
if (!process.env.PHOTOHOUSE_MODELS_DIR && existsSync(sharedModels)) process.env.PHOTOHOUSE_MODELS_DIR = sharedModels

function electronBinary() {
  try {
    const path = require('electron') // the binary's path; throws when the runtime was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const electron = electronBinary()
if (electron) {
  run('npx', ['electron-vite', 'build'])
  const child = spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log("Electron's runtime is not installed here, so PhotoHouse serves its UI in your browser instead (open the URL below).")
  run('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'])
  const child = spawn(process.execPath, [join(root, 'bin', 'photohouse.mjs'), ...args, 'serve'], { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}
