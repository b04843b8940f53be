/**
 * Catalog backup benchmark: PhotoHouse's backup (the app's service: SQLite's backup API in steps of
 * 1000 pages, then the copy switched to a single rollback-journal file, flushed, renamed, pruned)
 * beside a bare better-sqlite3 `db.backup()` of the same file (100-page steps), and the sqlite3
 * shell's `.backup` when it is installed, in the same run, as ratios.
 *
 *   npm run bench:backup                    # 100k assets
 *   options: --size 100000  --dims 1280  --tags 5  --runs 3
 *
 * The synthetic catalog is what a 100k-photo library holds: assets with their EXIF columns, one file
 * location each, `--tags` tags each, the search text row, and the classifier's feature vector
 * (`--dims` float32s: every analysed photo has one, and they are most of the catalog's bytes).
 * Thumbnails and vector indexes are not in a backup, so none are made.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { catalogPath, createApp, openCatalog } from '../src/main/app'
import { checkBackup } from '../src/main/backup'
import { loadMigrations } from '../src/main/catalog'
import { appRoot } from '../src/main/platform/app-root'
import { seededRandom } from '../src/main/platform/seeded-random'

function parseArgs(argv: string[]) {
  const get = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`)
    const value = i >= 0 ? Number(argv[i + 1]) : fallback
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`)
    return value
  }
  return { size: get('size', 100_000), dims: get('dims', 1280), tags: get('tags', 5), runs: get('runs', 3) }
}

const args = parseArgs(process.argv.slice(2))
const random = seededRandom(14)
const work = mkdtempSync(join(tmpdir(), 'photohouse-bench-backup-'))
const libraryDir = join(work, 'library')
const elsewhere = join(work, 'bare')
mkdirSync(elsewhere)

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

function seed(): void {
  const db = openCatalog(libraryDir)
  const now = new Date().toISOString()
  const root = Number(db.prepare(`INSERT INTO roots (path, added_at) VALUES (?, ?)`).run('/photos', now).lastInsertRowid)
  const asset = db.prepare(
    `INSERT INTO assets (sha256, state, file_size, mime, width, height, orientation, taken_at, sort_ms, month, make, model, lat, lon, has_thumb, created_at, updated_at)
     VALUES (?, 'ready', ?, 'image/jpeg', 4032, 3024, 1, ?, ?, ?, 'Canon', 'EOS R6', ?, ?, 1, ?, ?)`,
  )
  const location = db.prepare(`INSERT INTO locations (path, root_id, asset_id, size, mtime_ms, seen_at) VALUES (?, ?, ?, ?, ?, ?)`)
  const tag = db.prepare(`INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, ?, 'label', 'mobilenetv2-12-int8')`)
  const text = db.prepare(`INSERT INTO asset_text (rowid, path, camera, dates, tags, places, ocr, people) VALUES (?, ?, 'canon eos r6', ?, ?, '', '', '')`)
  const embedding = db.prepare(`INSERT INTO embeddings (asset_id, model_id, model_version, dim, device, vector, created_at) VALUES (?, 'mobilenetv2-12-int8', '12-int8', ?, 'cpu', ?, ?)`)
  const words = ['beach', 'dog', 'mountain', 'sunset', 'city', 'car', 'tree', 'lake', 'snow', 'cat', 'bridge', 'flower']
  const vector = new Float32Array(args.dims)
  const batch = 5000
  for (let start = 0; start < args.size; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(args.size, start + batch); i++) {
        const t = Date.UTC(2005, 0, 1) + Math.floor(random() * 20 * 365 * 86400_000)
        const iso = new Date(t).toISOString()
        const sha = (i.toString(16).padStart(16, '0') + Math.floor(random() * 2 ** 48).toString(16)).padEnd(64, '0')
        const id = Number(asset.run(sha, 2_000_000 + Math.floor(random() * 6_000_000), iso, t, iso.slice(0, 7), 40 + random() * 10, random() * 20, now, now).lastInsertRowid)
        const path = `/photos/${iso.slice(0, 4)}/${iso.slice(0, 10)}/IMG_${i}.JPG`
        location.run(path, root, id, 4_000_000, t, now)
        const chosen = new Set<string>()
        while (chosen.size < Math.min(args.tags, words.length)) chosen.add(words[Math.floor(random() * words.length)]!)
        for (const w of chosen) tag.run(id, w, 0.5 + random() / 2)
        text.run(id, path.toLowerCase(), iso.slice(0, 10), [...chosen].join(' '))
        for (let d = 0; d < args.dims; d++) vector[d] = random() * 2 - 1
        embedding.run(id, args.dims, Buffer.from(vector.buffer), now)
      }
    })()
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

async function main(): Promise<void> {
  let t = process.hrtime.bigint()
  seed()
  const file = catalogPath(libraryDir)
  console.log(`catalog: ${args.size} assets, ${args.dims}-d vectors, ${args.tags} tags each: ${mb(statSync(file).size)} (made in ${(ms(t) / 1000).toFixed(1)} s)`)

  const app = createApp({ libraryDir, log: () => {} })
  // Our backups are kept N; keep every one made here so none is pruned while measured.
  app.backups.setSettings({ keep: 1000 })
  const bare = new Database(file, { readonly: true })
  const sqlite3 = spawnSync('sqlite3', ['-version']).status === 0
  const times = { ours: [] as number[], bare: [] as number[], shell: [] as number[] }
  let lastOurs = ''
  try {
    for (let run = 0; run < args.runs; run++) {
      // Alternating, so neither gets a warmer page cache throughout.
      t = process.hrtime.bigint()
      lastOurs = (await app.backups.create()).path
      times.ours.push(ms(t))

      const target = join(elsewhere, `bare-${run}.sqlite`)
      t = process.hrtime.bigint()
      await bare.backup(target)
      times.bare.push(ms(t))
      rmSync(target)

      if (sqlite3) {
        const shellTarget = join(elsewhere, `shell-${run}.sqlite`)
        t = process.hrtime.bigint()
        const r = spawnSync('sqlite3', [file, `.backup '${shellTarget}'`])
        if (r.status !== 0) throw new Error(`sqlite3 .backup failed: ${r.stderr.toString()}`)
        times.shell.push(ms(t))
        rmSync(shellTarget)
      }
    }
    const ours = median(times.ours)
    const bareMs = median(times.bare)
    console.log(`PhotoHouse backup (service):     median ${ours.toFixed(0)} ms of ${args.runs} (${times.ours.map((x) => x.toFixed(0)).join(', ')})`)
    console.log(`bare db.backup() (100-page steps): median ${bareMs.toFixed(0)} ms (${times.bare.map((x) => x.toFixed(0)).join(', ')})`)
    console.log(`ratio PhotoHouse / bare db.backup(): ${(ours / bareMs).toFixed(2)}`)
    if (sqlite3) {
      const shell = median(times.shell)
      console.log(`sqlite3 .backup:                  median ${shell.toFixed(0)} ms (${times.shell.map((x) => x.toFixed(0)).join(', ')})`)
      console.log(`ratio PhotoHouse / sqlite3 .backup: ${(ours / shell).toFixed(2)}`)
    } else console.log('sqlite3 shell not installed: its .backup not measured')

    // What a restore pays before it changes anything: the full integrity check of the backup.
    t = process.hrtime.bigint()
    checkBackup(lastOurs, loadMigrations(join(appRoot(), 'migrations')))
    console.log(`restore's check of the backup (integrity_check): ${ms(t).toFixed(0)} ms`)
  } finally {
    bare.close()
    await app.close()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  rmSync(work, { recursive: true, force: true })
  process.exitCode = 1
})
