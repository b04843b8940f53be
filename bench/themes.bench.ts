/**
 * Themes benchmark: PhotoHouse's themes recompute (src/main/themes: label means, average-linkage
 * clustering of labels, look-alike unlabelled photos, naming) on a real catalog file, beside a bare
 * label-only grouping of the same catalog (a label in two events or more is a theme) in the same run.
 *
 *   npm run bench:themes                      # 100k photos, 1280-dim vectors (the classifier's)
 *   options: --size 100000  --dim 1280  --subjects 40
 *
 * Synthetic library: events of 50 photos; `subjects` planted subjects, each seen by the classifier
 * under two labels ("seashore" and "sandbar"), each photo of it its subject's direction plus noise
 * (two photos of one subject at cosine ~0.8, like frames of one scene); each event shows 1-3
 * subjects. 40% of photos have a label: 80% of those one of their event's subjects, 20% a one-off
 * label of their own (noise), as long as the library has at most 1000 labels (the classifier's
 * classes; the clustering's cost grows with them, not with the photos). Of the unlabelled photos half look like a subject of their event, half
 * like nothing. Scored: planted subjects found as one theme with both labels; one-off labels made
 * themes (must be none); unlabelled photos that joined a theme of their own subject or another.
 * Synthetic vectors are not MobileNet's: this measures cost and the logic, not the calibration.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPhotoEventsRepository, createThemesRepository, loadMigrations, migrate, openDatabase } from '../src/main/catalog'
import { vectorToBlob } from '../src/main/catalog/vector-blob'
import { appRoot } from '../src/main/platform/app-root'
import { seededRandom } from '../src/main/platform/seeded-random'
import { CLASSIFIER_THEME_PARAMS, createThemesService } from '../src/main/themes'

function parseArgs(argv: string[]) {
  const get = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`)
    const value = i >= 0 ? Number(argv[i + 1]) : fallback
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`)
    return value
  }
  return { size: get('size', 100_000), dim: get('dim', 1280), subjects: get('subjects', 40) }
}

const args = parseArgs(process.argv.slice(2))
const random = seededRandom(17)
const MODEL = 'mobilenetv2-12-int8'
const EVENT_SIZE = 50

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}
function unit(dim: number): Float32Array {
  const v = Float32Array.from({ length: dim }, gaussian)
  let n = 0
  for (const x of v) n += x * x
  const s = 1 / Math.sqrt(n)
  for (let i = 0; i < dim; i++) v[i]! *= s
  return v
}
/** A photo of a subject: its direction plus noise of norm 0.5 (two such photos at cosine ~0.8). */
function near(base: Float32Array): Float32Array {
  const noise = unit(base.length)
  return Float32Array.from(base, (x, i) => x + 0.5 * noise[i]!)
}
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`

const dir = mkdtempSync(join(tmpdir(), 'photohouse-themes-bench-'))
try {
  const db = openDatabase(join(dir, 'catalog.db'))
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const bases = Array.from({ length: args.subjects }, () => unit(args.dim))
  const labelsOf = (s: number) => [`subject ${s} a`, `subject ${s} b`]
  /** Planted subject of each unlabelled look-alike photo, by asset id. */
  const lookalikeOf = new Map<number, number>()
  const noiseLabels = new Set<string>()

  const t0 = performance.now()
  const insertAsset = db.prepare(`INSERT INTO assets (sha256, state, sort_ms, month, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?, ?)`)
  const tag = db.prepare(`INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, ?, 'label', ?)`)
  const hypernym = db.prepare(`INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, ?, 'hypernym', ?)`)
  const embed = db.prepare(`INSERT INTO embeddings (asset_id, model_id, model_version, dim, device, vector, created_at) VALUES (?, ?, '12-int8', ?, 'cpu', ?, ?)`)
  const events = createPhotoEventsRepository(db)
  const now = new Date().toISOString()
  let n = 0
  db.transaction(() => {
    for (let e = 0; n < args.size; e++) {
      const shown = Array.from({ length: 1 + Math.floor(random() * 3) }, () => Math.floor(random() * args.subjects))
      const members: number[] = []
      const start = Date.UTC(2005, 0, 1) + e * 3 * 86_400_000
      for (let k = 0; k < EVENT_SIZE && n < args.size; k++, n++) {
        const t = start + k * 60_000
        const id = Number(insertAsset.run(String(n).padStart(64, '0'), t, new Date(t).toISOString().slice(0, 7), now, now).lastInsertRowid)
        members.push(id)
        const subject = shown[Math.floor(random() * shown.length)]!
        let vector: Float32Array
        if (random() < 0.4) {
          const score = 0.5 + random() * 0.5
          // One-off labels only while the library's labels stay within ImageNet's 1000 classes.
          if (random() < 0.8 || noiseLabels.size >= 1000 - 2 * args.subjects) {
            tag.run(id, labelsOf(subject)[Math.floor(random() * 2)]!, score, MODEL)
            hypernym.run(id, `kind of ${subject}`, score, MODEL)
            vector = near(bases[subject]!)
          } else {
            const label = `one-off ${n}`
            noiseLabels.add(label)
            tag.run(id, label, score, MODEL)
            vector = unit(args.dim)
          }
          hypernym.run(id, 'whole', score, MODEL)
        } else if (random() < 0.5) {
          lookalikeOf.set(id, subject)
          vector = near(bases[subject]!)
        } else vector = unit(args.dim)
        embed.run(id, MODEL, args.dim, vectorToBlob(vector), now)
      }
      events.apply([], [{ title: `e${e}`, place: null, startMs: start, endMs: start + EVENT_SIZE * 60_000, count: members.length, fileTimeCount: 0, members }])
    }
  })()
  console.log(`catalog: ${args.size} photos, ${Math.ceil(args.size / EVENT_SIZE)} events, ${args.dim}-dim vectors, ${(statSync(join(dir, 'catalog.db')).size / 1e6).toFixed(0)} MB, written in ${ms(t0)}`)

  // Bare label-only grouping: every label in two events or more (and three photos) is a theme.
  const t1 = performance.now()
  const bare = db
    .prepare(
      `SELECT t.label FROM asset_tags t JOIN photo_event_members m ON m.asset_id = t.asset_id
       WHERE t.kind = 'label' GROUP BY t.label HAVING count(DISTINCT m.event_id) >= 2 AND count(*) >= 3`,
    )
    .all() as { label: string }[]
  console.log(`label-only grouping: ${bare.length} themes (${args.subjects} planted subjects, each under two labels) in ${ms(t1)}`)

  const service = createThemesService({
    themes: createThemesRepository(db),
    vectorModel: () => ({ modelId: MODEL, params: CLASSIFIER_THEME_PARAMS, similarFloor: 0.7 }),
    changed: () => {},
  })
  const heapBefore = process.memoryUsage().heapUsed
  const t2 = performance.now()
  await service.recompute()
  const took = ms(t2)
  const heap = (process.memoryUsage().heapUsed - heapBefore) / 1e6
  const themes = service.list()
  const whole = themes.filter((t) => t.labels.length === 2 && t.labels[0]!.replace(/ a$/, '') === t.labels[1]!.replace(/ b$/, ''))
  const fromNoise = themes.filter((t) => t.labels.some((l) => noiseLabels.has(l)))
  console.log(`PhotoHouse themes: ${themes.length} themes in ${took} (heap +${heap.toFixed(0)} MB); planted subjects found whole (both labels): ${whole.length}/${args.subjects}; themes from one-off labels: ${fromNoise.length}`)

  // Unlabelled photos that joined: of their own subject, or of another.
  const read = db.prepare(`SELECT tm.asset_id AS id, t.key FROM theme_members tm JOIN themes t ON t.id = tm.theme_id WHERE tm.score = 0`).all() as { id: number; key: string }[]
  let right = 0
  let wrong = 0
  let joinedNoise = 0
  for (const r of read) {
    const subject = lookalikeOf.get(r.id)
    if (subject === undefined) joinedNoise++
    else if (r.key.startsWith(`subject ${subject} `)) right++
    else wrong++
  }
  console.log(`unlabelled photos joined: ${right} to their subject's theme, ${wrong} to another, ${joinedNoise} that look like nothing (of ${lookalikeOf.size} look-alikes)`)
  const t3 = performance.now()
  service.list()
  console.log(`themes.list: ${ms(t3)}; themes.photos (first page): ${(() => {
    const t = performance.now()
    service.photos(themes[0]!.id, 0, 200)
    return ms(t)
  })()}`)
  db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
