// moveToOsTrash on Linux: the file goes into the freedesktop.org trash of a temporary home (never the
// real one), with the .trashinfo that lets a file manager put it back.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { moveToOsTrash } from './os-trash'

const linux = process.platform === 'linux'
if (!linux) console.warn(`os-trash test skipped: it checks the freedesktop.org trash, which ${process.platform} does not use`)

describe.skipIf(!linux)('moving a file to the OS trash (freedesktop.org, temporary home)', () => {
  const dir = tempDir()
  const home = join(dir.path, 'home')
  const dataHome = join(home, '.local', 'share')
  const saved = { HOME: process.env.HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME }

  beforeAll(() => {
    // Set before the `trash` package is first loaded (it reads them once).
    process.env.HOME = home
    process.env.XDG_DATA_HOME = dataHome
    mkdirSync(home, { recursive: true })
  })
  afterAll(() => {
    process.env.HOME = saved.HOME
    if (saved.XDG_DATA_HOME === undefined) delete process.env.XDG_DATA_HOME
    else process.env.XDG_DATA_HOME = saved.XDG_DATA_HOME
    dir.cleanup()
  })

  it('moves the file into Trash/files and records where it came from in Trash/info', async () => {
    const file = join(dir.path, 'photos', 'Holiday [1].jpg')
    mkdirSync(join(dir.path, 'photos'), { recursive: true })
    writeFileSync(file, 'not really a jpeg')
    await moveToOsTrash(file)
    expect(existsSync(file)).toBe(false)
    const files = readdirSync(join(dataHome, 'Trash', 'files'))
    expect(files).toHaveLength(1)
    expect(readFileSync(join(dataHome, 'Trash', 'files', files[0]!), 'utf8')).toBe('not really a jpeg')
    const info = readFileSync(join(dataHome, 'Trash', 'info', `${files[0]!}.trashinfo`), 'utf8')
    expect(info).toContain('[Trash Info]')
    expect(info).toContain(`Path=${encodeURI(file)}`)
  })

  it('says so when the file is not there (the package itself would ignore it)', async () => {
    await expect(moveToOsTrash(join(dir.path, 'photos', 'gone.jpg'))).rejects.toThrow(/ENOENT/)
  })
})
