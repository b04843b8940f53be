import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { createAnalysisRepository, type ClassifierTagRow } from './analysis.repository'
import { createAssetsRepository } from './assets.repository'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

function setup() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const now = new Date().toISOString()
  const asset = (sha: string) => Number(db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run(sha.repeat(64), now, now).lastInsertRowid)
  const analysis = createAnalysisRepository(db)
  const assets = createAssetsRepository(db)
  const tagsOf = (id: number) => assets.get(id)!.tags.map((t) => `${t.kind}:${t.label}`).sort()
  return { analysis, asset, tagsOf }
}

// What the classifier gives a selfie: a person-misread class and its ancestors.
const selfie: ClassifierTagRow[] = [
  { label: 'Band-Aid', score: 0.89, kind: 'label', personMisread: true },
  { label: 'bandage', score: 0.89, kind: 'hypernym', personMisread: true },
]
const espresso: ClassifierTagRow[] = [
  { label: 'espresso', score: 0.9, kind: 'label' },
  { label: 'coffee', score: 0.9, kind: 'hypernym' },
]
const classifier = (tags: ClassifierTagRow[]) => ({ tags, modelId: 'mobilenet', modelVersion: '1', device: 'cpu', features: new Float32Array(4) })
const portrait = [
  { label: 'person', score: 0.99 },
  { label: 'portrait', score: 0.99 },
]

describe('analysis repository: classifier and face tags', () => {
  it('keeps each stage\'s tags when the other stage saves again', () => {
    const { analysis, asset, tagsOf } = setup()
    const id = asset('a')
    analysis.saveTags(id, classifier(espresso))
    analysis.saveFaceTags(id, [{ label: 'person', score: 0.9 }], 'faces')
    analysis.saveTags(id, classifier(espresso))
    expect(tagsOf(id)).toEqual(['face:person', 'hypernym:coffee', 'label:espresso'])
    analysis.saveFaceTags(id, [], 'faces')
    expect(tagsOf(id)).toEqual(['hypernym:coffee', 'label:espresso'])
  })

  it('drops person-misreads on a portrait, whichever stage finishes first', () => {
    const { analysis, asset, tagsOf } = setup()
    const tagsFirst = asset('b')
    analysis.saveTags(tagsFirst, classifier([...selfie, ...espresso]))
    expect(tagsOf(tagsFirst)).toContain('label:Band-Aid')
    analysis.saveFaceTags(tagsFirst, portrait, 'faces')
    expect(tagsOf(tagsFirst)).toEqual(['face:person', 'face:portrait', 'hypernym:coffee', 'label:espresso'])

    const facesFirst = asset('c')
    analysis.saveFaceTags(facesFirst, portrait, 'faces')
    analysis.saveTags(facesFirst, classifier([...selfie, ...espresso]))
    expect(tagsOf(facesFirst)).toEqual(tagsOf(tagsFirst))
  })

  it('keeps them when the faces are no portrait', () => {
    const { analysis, asset, tagsOf } = setup()
    const id = asset('d')
    analysis.saveFaceTags(id, [{ label: 'person', score: 0.9 }], 'faces')
    analysis.saveTags(id, classifier(selfie))
    expect(tagsOf(id)).toEqual(['face:person', 'hypernym:bandage', 'label:Band-Aid'])
  })
})
