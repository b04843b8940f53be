import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { createAssetsRepository, createUndoRepository, loadMigrations, migrate, openDatabase, UNDO_STEPS_KEPT } from '../catalog'
import { createFlagsService, createUndoService, NotLatestStepError } from '.'

function setup() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const now = new Date().toISOString()
  const asset = (sha: string) =>
    Number(db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run(sha.repeat(64), now, now).lastInsertRowid)
  const assets = createAssetsRepository(db)
  const undo = createUndoService({ db, journal: createUndoRepository(db) })
  const flags = createFlagsService({ assets, undo })
  return { db, assets, undo, flags, asset }
}

describe('undo journal of curation steps', () => {
  it('a batch is one step: undo puts back what each photo had before, even where they differed', () => {
    const { assets, flags, undo, asset } = setup()
    const [a, b, c] = [asset('a'), asset('b'), asset('c')]
    flags.setRating([a], 3)
    flags.setFavorite([b], true)
    const step = flags.setRating([a, b, c], 5)
    expect(step).toEqual({ changed: 3, undo: { stepId: expect.any(Number), label: 'Rated 3 photos 5 stars' } })
    expect(undo.latest()).toEqual(step.undo)

    expect(undo.undo(step.undo!.stepId)).toBe('Rated 3 photos 5 stars')
    const after = assets.flagsOf([a, b, c])
    expect(after.get(a)).toEqual({ favorite: false, rating: 3, hidden: false })
    expect(after.get(b)).toEqual({ favorite: true, rating: 0, hidden: false })
    expect(after.get(c)).toEqual({ favorite: false, rating: 0, hidden: false })

    // Steps undo newest first, then there is nothing left.
    expect(undo.undo()).toBe('Added 1 photo to favourites')
    expect(undo.undo()).toBe('Rated 1 photo 3 stars')
    expect(undo.undo()).toBeNull()
    expect(assets.flagsOf([a]).get(a)).toEqual({ favorite: false, rating: 0, hidden: false })
  })

  it('a call that changes nothing records no step', () => {
    const { flags, undo, asset } = setup()
    const a = asset('a')
    flags.setHidden([a], true)
    expect(flags.setHidden([a], true)).toEqual({ changed: 0, undo: null })
    expect(undo.latest()?.label).toBe('Hid 1 photo')
  })

  it('an older step cannot be undone from under a newer one, and nothing changes', () => {
    const { assets, flags, undo, asset } = setup()
    const a = asset('a')
    const first = flags.setRating([a], 2).undo!
    flags.setRating([a], 4)
    expect(() => undo.undo(first.stepId)).toThrow(NotLatestStepError)
    expect(assets.flagsOf([a]).get(a)?.rating).toBe(4)
  })

  it('an inverse that fails leaves the step and the photos as they were (one transaction)', () => {
    const { assets, flags, undo, asset } = setup()
    const a = asset('a')
    let calls = 0
    undo.register('test.fails', () => {
      calls++
      throw new Error('disk full')
    })
    const step = undo.step(() => ({ changed: 1, ...(assets.setRating([a], 1), {}), label: 'two ops', ops: [{ kind: 'test.fails', payload: null }] }))
    flags.setRating([a], 5)
    undo.undo() // takes back the 5
    expect(() => undo.undo(step.undo!.stepId)).toThrow('disk full')
    expect(calls).toBe(1)
    expect(undo.latest()).toEqual(step.undo)
    expect(assets.flagsOf([a]).get(a)?.rating).toBe(1)
  })

  it('refuses an unregistered kind before committing the change, and a kind registered twice', () => {
    const { assets, undo, asset } = setup()
    const a = asset('a')
    expect(() => undo.step(() => ({ changed: assets.setRating([a], 2), label: 'x', ops: [{ kind: 'nobody.knows', payload: 1 }] }))).toThrow(
      'No undo handler for nobody.knows',
    )
    expect(assets.flagsOf([a]).get(a)?.rating).toBe(0)
    expect(() => undo.register('assets.flags', () => {})).toThrow('registered twice')
  })

  it(`keeps the last ${UNDO_STEPS_KEPT} steps`, () => {
    const { flags, undo, asset, db } = setup()
    const a = asset('a')
    for (let i = 0; i < UNDO_STEPS_KEPT + 10; i++) flags.setFavorite([a], i % 2 === 0)
    expect(db.prepare('SELECT count(*) AS n FROM undo_steps').get()).toEqual({ n: UNDO_STEPS_KEPT })
    for (let i = 0; i < UNDO_STEPS_KEPT; i++) expect(undo.undo()).not.toBeNull()
    expect(undo.undo()).toBeNull()
  })
})
