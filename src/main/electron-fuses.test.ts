// The packaged app's Electron fuses (electron-builder flips them in the binary at build time; the
// Electron binary cannot run here, so the configuration is what can be checked).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import yaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { appRoot } from './platform/app-root'

const builder = yaml.load(readFileSync(join(appRoot(), 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, unknown> }

describe('electron-builder fuses', () => {
  it('turns off run-as-node, NODE_OPTIONS and --inspect, and loads only an integrity-checked app.asar', () => {
    expect(builder.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  // A misspelt key would be ignored silently by the build: every key must be one electron-builder knows.
  it('uses only fuse names electron-builder knows', () => {
    const scheme = JSON.parse(readFileSync(join(appRoot(), 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
    }
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties)
    for (const key of Object.keys(builder.electronFuses ?? {})) expect(known, key).toContain(key)
  })
})
