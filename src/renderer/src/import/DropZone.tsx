// The whole window accepts dropped folders. The overlay appears only for drags that carry files.
import { useEffect, useRef, useState } from 'react'

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files')
}

export function DropZone({ onDropFiles }: { onDropFiles(files: File[]): void }) {
  const [active, setActive] = useState(false)
  // dragenter/dragleave fire for every child element crossed; count them to know when we really left.
  const depth = useRef(0)

  useEffect(() => {
    function onEnter(event: DragEvent) {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth.current++
      setActive(true)
    }
    function onOver(event: DragEvent) {
      if (!carriesFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    function onLeave(event: DragEvent) {
      if (!carriesFiles(event)) return
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setActive(false)
    }
    function onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return
      // Without this the browser would navigate to the dropped file.
      event.preventDefault()
      depth.current = 0
      setActive(false)
      onDropFiles(Array.from(event.dataTransfer?.files ?? []))
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
    }
  }, [onDropFiles])

  if (!active) return null
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-card">
        <div className="drop-icon" aria-hidden="true">
          ⤓
        </div>
        <p>Drop folders to add them to your library</p>
        <p className="muted">Photos stay where they are; PhotoHouse only reads them.</p>
      </div>
    </div>
  )
}
