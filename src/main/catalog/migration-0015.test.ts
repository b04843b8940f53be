import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { createDuplicatesRepository } from './duplicates.repository'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0015-duplicates', () => {
  it('adds asset_pixels: one row per asset, found by pixel hash, gone with its asset', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 15))
    const now = new Date().toISOString()
    const insert = db.prepare(`INSERT INTO assets (sha256, state, phash, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?)`)
    const a = Number(insert.run('a'.repeat(64), '0123456789abcdef', now, now).lastInsertRowid)
    const b = Number(insert.run('b'.repeat(64), '0123456789abcdee', now, now).lastInsertRowid)
    const repo = createDuplicatesRepository(db)
    expect(repo.missingPixels()).toEqual([a, b])
    repo.setPixels(a, { pixelHash: 'f'.repeat(64), gray32: new Uint8Array(1024).fill(7) })
    repo.setPixels(b, { pixelHash: 'f'.repeat(64), gray32: new Uint8Array(1024).fill(9) })
    // Written for an asset deleted meanwhile: nothing (no orphan row, no foreign-key error).
    repo.setPixels(999, { pixelHash: 'e'.repeat(64), gray32: new Uint8Array(1024) })
    expect(repo.missingPixels()).toEqual([])
    expect(repo.candidates()).toEqual([
      { id: a, phash: '0123456789abcdef', pixelHash: 'f'.repeat(64) },
      { id: b, phash: '0123456789abcdee', pixelHash: 'f'.repeat(64) },
    ])
    expect(repo.gray32([a]).get(a)?.[0]).toBe(7)
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT asset_id FROM asset_pixels WHERE pixel_hash = ?`).all('x') as { detail: string }[]
    expect(plan.map((p) => p.detail).join()).toMatch(/asset_pixels_hash/)
    db.prepare('DELETE FROM assets WHERE id = ?').run(a)
    expect(db.prepare('SELECT count(*) AS n FROM asset_pixels').get()).toEqual({ n: 1 })
    // A photo in the trash is no candidate.
    db.prepare('UPDATE assets SET trashed_at = ? WHERE id = ?').run(now, b)
    expect(repo.candidates()).toEqual([])
    expect(db.pragma('user_version', { simple: true })).toBe(15)
  })
})
