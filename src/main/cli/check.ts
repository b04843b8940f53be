// `photohouse check [--repair] [--json]`: does the catalog still match the disk and the caches?
import type { IntegrityReport } from '../../shared/integrity'
import { createApp } from '../app'
import type { CliIo } from './albums'

export const CHECK_USAGE = `  check [--repair] [--json]        files missing or changed since import, thumbnails and vectors missing;
                                   --repair re-imports, remakes and re-analyses what it can, to completion`

export async function runCheck(libraryDir: string, options: { json: boolean; repair: boolean }, io: CliIo): Promise<number> {
  // Checking only reads (beside a running app too); a repair queues tasks and runs them.
  const app = createApp({ libraryDir, readOnly: !options.repair, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
  let report: IntegrityReport
  try {
    report = await app.integrity.check({ repair: options.repair, listLimit: Number.MAX_SAFE_INTEGER })
    if (options.repair) {
      app.start()
      await app.runner.idle()
    }
  } finally {
    await app.close()
  }
  if (options.json) {
    io.write(JSON.stringify(report, null, 2))
    return 0
  }
  io.write(`Checked ${report.files} files of ${report.assets} photos.`)
  for (const folder of report.unreachableFolders) io.write(`  folder not reachable (not checked): ${folder}`)
  io.write(`Missing files: ${report.counts.missingFiles}`)
  for (const f of report.missingFiles) io.write(`  missing: ${f.path}`)
  io.write(`Changed since import: ${report.counts.changedFiles}${report.touchedFiles > 0 ? ` (and ${report.touchedFiles} with a new time but the same content)` : ''}`)
  for (const f of report.changedFiles) io.write(`  changed: ${f.path}`)
  io.write(`Thumbnails missing: ${report.counts.missingThumbnails}`)
  io.write(`Vectors missing: ${report.counts.missingVectors}`)
  if (report.sidecars) {
    io.write(`XMP sidecars out of date: ${report.sidecars.count}`)
    for (const f of report.sidecars.outOfDate) io.write(`  sidecar: ${f.path}`)
    if (report.sidecars.repaired !== null) io.write(`Sidecars to write again: ${report.sidecars.repaired} photos.`)
  }
  if (report.repaired) {
    const r = report.repaired
    io.write(`Repaired: ${r.reimport} re-imported, ${r.thumbnails} thumbnails remade, ${r.vectors} photos re-analysed, ${r.rescannedFolders} folders rescanned (missing files are kept 30 days in case they come back).`)
  } else if (report.counts.changedFiles + report.counts.missingThumbnails + report.counts.missingVectors > 0) io.write('Run with --repair to fix what can be fixed.')
  return 0
}
