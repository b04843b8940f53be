// `npm start`: the Electron app where Electron's runtime is installed, else the same UI in a browser.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)

/**
 * The Electron runtime's path, or null where it was never downloaded. Read from the package's
 * path.txt ourselves: `require('electron')` would try to download the binary first (and print
 * "Downloading Electron binary... fetch failed" on a machine that cannot reach GitHub).
 */
function electronBinary() {
  let electronDir
  try {
    electronDir = dirname(require.resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist')
  const binary = join(dist, relative)
  return relative && existsSync(binary) ? binary : null
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
