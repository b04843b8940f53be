import { describe, expect, it } from 'vitest'
import { curationKeyAction, isEditableTarget } from './viewer-keys'

const press = (key: string, extra: Partial<Parameters<typeof curationKeyAction>[0]> = {}) =>
  curationKeyAction({ key, altKey: false, ctrlKey: false, metaKey: false, inEditable: false, ...extra })

describe('viewer curation keys', () => {
  it('F (either case) toggles the favourite; 0–5 set the rating', () => {
    expect(press('f')).toEqual({ kind: 'toggle-favorite' })
    expect(press('F')).toEqual({ kind: 'toggle-favorite' })
    expect(press('0')).toEqual({ kind: 'rate', rating: 0 })
    expect(press('5')).toEqual({ kind: 'rate', rating: 5 })
  })

  it('other keys, 6–9, modified keys and typing in a field are not shortcuts', () => {
    expect(press('6')).toBeNull()
    expect(press('9')).toBeNull()
    expect(press('g')).toBeNull()
    expect(press('ArrowLeft')).toBeNull()
    // Ctrl+F is the browser's find, Cmd+0 its zoom reset.
    expect(press('f', { ctrlKey: true })).toBeNull()
    expect(press('0', { metaKey: true })).toBeNull()
    expect(press('3', { altKey: true })).toBeNull()
    expect(press('f', { inEditable: true })).toBeNull()
  })

  it('knows typing targets', () => {
    expect(isEditableTarget({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true)
    expect(isEditableTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true)
    expect(isEditableTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true)
    expect(isEditableTarget({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget)).toBe(false)
    expect(isEditableTarget(null)).toBe(false)
  })
})
