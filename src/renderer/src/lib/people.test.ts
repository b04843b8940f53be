import { describe, expect, it } from 'vitest'
import type { PersonSummary } from '../../../shared/domain'
import { arrangePeople, clickFace, EMPTY_SELECTION, findNamesake, mergeDirection, personLabel, pruneSelection } from './people'

function person(id: number, name: string | null, photoCount: number, faceCount = photoCount): PersonSummary {
  return { id, name, photoCount, faceCount, hidden: false, coverFaceId: id * 10, coverCropKey: 'ab' }
}

describe('arrangePeople', () => {
  it('puts named people first alphabetically, then unnamed ones largest first', () => {
    const { named, unnamed } = arrangePeople([person(1, null, 3), person(2, 'Zoe', 1), person(3, 'anna', 9), person(4, null, 12), person(5, '  ', 5)])
    expect(named.map((p) => p.id)).toEqual([3, 2])
    expect(unnamed.map((p) => p.id)).toEqual([4, 5, 1])
  })
  it('labels unnamed people', () => {
    expect(personLabel({ name: null })).toBe('Unnamed')
    expect(personLabel({ name: ' Anna ' })).toBe('Anna')
  })
})

describe('mergeDirection', () => {
  it('keeps the named person', () => {
    expect(mergeDirection(person(1, null, 50), person(2, 'Anna', 2)).into.id).toBe(2)
    expect(mergeDirection(person(2, 'Anna', 2), person(1, null, 50)).into.id).toBe(2)
  })
  it('else keeps the larger one, then the older one', () => {
    expect(mergeDirection(person(1, null, 2), person(2, null, 7)).into.id).toBe(2)
    expect(mergeDirection(person(5, null, 3), person(4, null, 3)).into.id).toBe(4)
  })
})

describe('findNamesake', () => {
  it('finds another person with the same name, ignoring case, accents and spaces', () => {
    const people = [person(1, 'Zoë  Martin', 1), person(2, 'Anna', 1)]
    expect(findNamesake(people, 'zoe martin', 3)?.id).toBe(1)
    expect(findNamesake(people, 'Anna', 2)).toBeNull()
    expect(findNamesake(people, '   ', 3)).toBeNull()
  })
})

describe('clickFace', () => {
  const ids = [10, 11, 12, 13, 14]
  it('toggles on plain clicks', () => {
    let s = clickFace(EMPTY_SELECTION, ids, 1, false)
    s = clickFace(s, ids, 3, false)
    expect([...s.selected]).toEqual([11, 13])
    s = clickFace(s, ids, 1, false)
    expect([...s.selected]).toEqual([13])
  })
  it('selects a range on shift-click, in either direction', () => {
    let s = clickFace(EMPTY_SELECTION, ids, 3, false)
    s = clickFace(s, ids, 1, true)
    expect([...s.selected].sort()).toEqual([11, 12, 13])
    s = clickFace(s, ids, 4, true)
    expect([...s.selected].sort()).toEqual([11, 12, 13, 14])
  })
  it('treats a shift-click without an anchor as a plain click', () => {
    expect([...clickFace(EMPTY_SELECTION, ids, 2, true).selected]).toEqual([12])
    expect(clickFace(EMPTY_SELECTION, ids, 9, false)).toBe(EMPTY_SELECTION)
  })
  it('forgets faces that left the list', () => {
    const s = clickFace(clickFace(EMPTY_SELECTION, ids, 0, false), ids, 2, false)
    expect([...pruneSelection(s, [10, 11]).selected]).toEqual([10])
    const same = pruneSelection(s, ids)
    expect(same).toBe(s)
  })
})
