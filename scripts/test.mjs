// `npm test`: unit + integration tests (vitest), then the browser e2e tests (Playwright in Debian's
// chromium against `photohouse serve`). Ends with one "N passed, N failed" line for CI.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cache = join(root, '.cache')
mkdirSync(cache, { recursive: true })
const only = process.argv[2] // 'unit' | 'e2e' | undefined

function run(command, args, env = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' }).status
}

let passed = 0
let failed = 0
let skipped = 0
const problems = []

// Static checks count as tests: the layering rules (who may import electron, onnxruntime, SQLite)
// live in the lint config, and a type error is a failure like any other.
if (only === undefined || only === 'static') {
  for (const [name, command, args] of [
    ['typecheck (node)', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
    ['typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
    ['lint', 'npx', ['eslint', '.']],
  ]) {
    if (run(command, args) === 0) passed += 1
    else {
      failed += 1
      problems.push(`${name} failed`)
    }
  }
}

if (only !== 'e2e' && only !== 'static') {
  const report = join(cache, 'vitest.json')
  rmSync(report, { force: true })
  const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`])
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    // A suite that failed to load has no tests to count; it must still fail the run.
    const brokenSuites = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length
    failed += brokenSuites
  } else if (status !== 0) {
    failed += 1
    problems.push('vitest did not produce a report')
  }
}

if (only !== 'unit' && only !== 'static') {
  const build = run('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'])
  if (build !== 0) {
    failed += 1
    problems.push('the renderer did not build')
  } else {
    const report = join(cache, 'playwright.json')
    rmSync(report, { force: true })
    const status = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report })
    if (existsSync(report)) {
      const s = JSON.parse(readFileSync(report, 'utf8')).stats
      passed += s.expected + s.flaky
      failed += s.unexpected
      skipped += s.skipped
      if (status !== 0 && s.unexpected === 0) {
        failed += 1
        problems.push('playwright exited with an error')
      }
    } else {
      failed += 1
      problems.push('playwright did not produce a report')
    }
  }
}

for (const p of problems) console.log(`problem: ${p}`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
