// Ctrl/Cmd+A and Escape reach the grid's selection even when nothing in the page has focus (after
// a click on empty space, or on load), as in a file manager window.
import { useEffect } from 'react'
import type { AssetSelection } from './use-asset-selection'

export function useSelectionKeys(selection: AssetSelection, enabled = true) {
  const { keyDown } = selection
  useEffect(() => {
    if (!enabled) return
    function onKeyDown(event: KeyboardEvent) {
      // Only keys nobody else took: focus on the page itself, not in a field, a dialog or the viewer.
      if (event.defaultPrevented || event.target !== document.body) return
      // A dialog over the grid (the viewer, a picker) owns the keyboard.
      if (document.querySelector('[aria-modal="true"]')) return
      const isSelectAll = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a'
      if (!isSelectAll && event.key !== 'Escape') return
      keyDown(event)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [keyDown, enabled])
}
