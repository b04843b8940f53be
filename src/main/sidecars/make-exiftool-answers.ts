// `npx tsx src/main/sidecars/make-exiftool-answers.ts`: writes PhotoHouse's sidecars of the test
// cases to test-data/xmp/ours and records what exiftool reads back from each (`exiftool -j -G1
// -struct -n`, XMP groups only) in test-data/xmp/exiftool. Needs exiftool (Debian:
// libimage-exiftool-perl); the tests read the committed answers and need none.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sidecarFacts } from './sidecars.service'
import { SIDECAR_CASES, XMP_TEST_DATA } from './test-cases'
import { mergeXmp } from './xmp'

/** exiftool's reading of a sidecar, XMP groups only (the file's own facts would change with each run). */
function answerOf(path: string, saveAs: string): void {
  const [answer] = JSON.parse(execFileSync('exiftool', ['-j', '-G1', '-struct', '-n', path], { encoding: 'utf8' })) as Record<string, unknown>[]
  const xmpOnly = Object.fromEntries(Object.entries(answer ?? {}).filter(([k]) => k.startsWith('XMP-') || k === 'ExifTool:ExifToolVersion'))
  writeFileSync(join(XMP_TEST_DATA, 'exiftool', saveAs), JSON.stringify(xmpOnly, null, 2) + '\n')
  console.log(`${saveAs}: ${Object.keys(xmpOnly).length} tags`)
}

mkdirSync(join(XMP_TEST_DATA, 'ours'), { recursive: true })
mkdirSync(join(XMP_TEST_DATA, 'exiftool'), { recursive: true })
for (const c of SIDECAR_CASES) {
  const existing = c.existing === null ? null : readFileSync(join(XMP_TEST_DATA, c.existing), 'utf8')
  const out = join(XMP_TEST_DATA, 'ours', c.file)
  writeFileSync(out, mergeXmp(existing, sidecarFacts(c.asset, c.parts)))
  answerOf(out, `${c.file}.json`)
  // The other program's sidecar as it was, to tell what the merge kept.
  if (c.existing !== null) answerOf(join(XMP_TEST_DATA, c.existing), `before-${c.file}.json`)
}
