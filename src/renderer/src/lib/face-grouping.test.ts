import { describe, expect, it } from 'vitest'
import { FaceGrouping } from '../../../shared/domain'
import { DEFAULT_FACE_GROUPING, draftOf, groupingOf, sameGrouping } from './face-grouping'

describe('face-grouping settings', () => {
  it('shows distances as similarities and turns them back into valid settings', () => {
    const draft = draftOf(DEFAULT_FACE_GROUPING)
    expect(draft).toEqual({ matchSimilarity: 0.55, minFaces: 3, pairs: true, pairSimilarity: 0.65 })
    const back = groupingOf(draft)
    expect(back).toEqual({ grouping: DEFAULT_FACE_GROUPING })
    expect(FaceGrouping.safeParse((back as { grouping: unknown }).grouping).success).toBe(true)
  })

  it('pairs off is pairDistance 0, and coming back offers the default', () => {
    const off = groupingOf({ ...draftOf(DEFAULT_FACE_GROUPING), pairs: false })
    expect(off).toEqual({ grouping: { ...DEFAULT_FACE_GROUPING, pairDistance: 0 } })
    const again = draftOf({ ...DEFAULT_FACE_GROUPING, pairDistance: 0 })
    expect(again).toMatchObject({ pairs: false, pairSimilarity: 0.65 })
  })

  it('explains what is wrong instead of saving it', () => {
    expect(groupingOf({ matchSimilarity: 0.95, minFaces: 3, pairs: false, pairSimilarity: 0.65 })).toHaveProperty('error')
    expect(groupingOf({ matchSimilarity: 0.55, minFaces: 1, pairs: false, pairSimilarity: 0.65 })).toHaveProperty('error')
    expect(groupingOf({ matchSimilarity: 0.55, minFaces: 2.5, pairs: false, pairSimilarity: 0.65 })).toHaveProperty('error')
    expect(groupingOf({ matchSimilarity: 0.7, minFaces: 3, pairs: true, pairSimilarity: 0.6 })).toHaveProperty('error')
  })

  it('compares settings by value', () => {
    expect(sameGrouping(DEFAULT_FACE_GROUPING, { ...DEFAULT_FACE_GROUPING })).toBe(true)
    expect(sameGrouping(DEFAULT_FACE_GROUPING, { ...DEFAULT_FACE_GROUPING, minFaces: 4 })).toBe(false)
  })
})
