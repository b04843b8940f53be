// The viewer's curation shortcuts (issue 12): F toggles the favourite, 0–5 set the stars.

export type CurationKeyAction = { kind: 'toggle-favorite' } | { kind: 'rate'; rating: number }

/** What a key press asks for, or null when it is not a curation shortcut. */
export function curationKeyAction(event: {
  key: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  /** Typing in a field is text, not a shortcut. */
  inEditable: boolean
}): CurationKeyAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey || event.inEditable) return null
  if (event.key === 'f' || event.key === 'F') return { kind: 'toggle-favorite' }
  if (/^[0-5]$/.test(event.key)) return { kind: 'rate', rating: Number(event.key) }
  return null
}

/** Whether a key event comes from somewhere the user types (an input, a textarea, contenteditable). */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (target === null || typeof target !== 'object' || !('tagName' in target)) return false
  const element = target as { tagName: string; isContentEditable?: boolean }
  return element.tagName === 'INPUT' || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' || element.isContentEditable === true
}
