// Guards the installer's licence notices: FFmpeg's binaries are GPL-3.0 builds and must travel with
// their licence; the renderer's minified bundle drops MapLibre's BSD notice, so it ships as a file.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import yaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { appRoot } from './platform/app-root'

const root = appRoot()
const builder = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { extraResources?: { from: string; to: string }[] }
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }

describe('licence notices in the installer', () => {
  it('ships resources/licenses, and every extra resource exists', () => {
    const extras = builder.extraResources ?? []
    expect(extras).toContainEqual({ from: 'resources/licenses', to: 'licenses' })
    for (const extra of extras) expect(existsSync(join(root, extra.from)), extra.from).toBe(true)
  })

  it("carries the GPL for the bundled FFmpeg and the notices of bundled renderer code", () => {
    const licenses = join(root, 'resources', 'licenses')
    if (pkg.dependencies['@ffmpeg-installer/ffmpeg']) {
      expect(readFileSync(join(licenses, 'ffmpeg-GPL-3.0.txt'), 'utf8')).toMatch(/GNU GENERAL PUBLIC LICENSE\s+Version 3/)
    }
    const bundled: Record<string, string> = { 'maplibre-gl': 'maplibre-gl-LICENSE.txt', 'world-atlas': 'world-atlas-LICENSE.txt', 'topojson-client': 'topojson-client-LICENSE.txt' }
    for (const [name, file] of Object.entries(bundled)) {
      if (pkg.devDependencies[name] ?? pkg.dependencies[name]) expect(existsSync(join(licenses, file)), file).toBe(true)
    }
  })
})
