// The photo inside the viewer, placed by hand (not object-fit) so the face and text boxes drawn over
// it, given in fractions of the photo, land exactly on it.
import { useRef, useState, type ReactNode } from 'react'
import type { AssetOcrLine, AssetSummary, FaceRef } from '../../../shared/domain'
import { useElementSize } from '../app/use-element-size'
import { containRect, fractionBoxStyle } from '../lib/geometry'
import { personLabel } from '../lib/people'

interface PhotoCanvasProps {
  summary: AssetSummary
  src: string
  faces: readonly FaceRef[]
  ocr: readonly AssetOcrLine[]
  showFaces: boolean
  showOcr: boolean
  /** Face id under the pointer in the side panel, drawn highlighted. */
  highlightFace: number | null
  /** Line of text under the pointer in the side panel: drawn (highlighted) even when the boxes are off. */
  highlightLine: number | null
  onOpenPerson(personId: number): void
  onBackgroundClick(): void
  /** Drawn over the photo, in its box (a live photo's motion, see MotionPlayer). */
  overlay?: ReactNode
}

export function PhotoCanvas({ summary, src, faces, ocr, showFaces, showOcr, highlightFace, highlightLine, onOpenPerson, onBackgroundClick, overlay }: PhotoCanvasProps) {
  const ref = useRef<HTMLDivElement>(null)
  const box = useElementSize(ref)
  // The summary knows the oriented size before the image loads; the image itself is the fallback.
  const [loaded, setLoaded] = useState<{ src: string; width: number; height: number } | null>(null)
  const natural = summary.width && summary.height ? { width: summary.width, height: summary.height } : loaded?.src === src ? loaded : null
  const rect = natural ? containRect(box.width, box.height, natural.width, natural.height) : null

  return (
    <div ref={ref} className="viewer-canvas" onClick={(event) => event.target === event.currentTarget && onBackgroundClick()}>
      <div
        className="viewer-photo"
        style={rect ? { left: rect.left, top: rect.top, width: rect.width, height: rect.height } : { visibility: 'hidden' }}
      >
        <img
          key={summary.id}
          className="viewer-image"
          data-testid="viewer-image"
          data-asset-id={summary.id}
          src={src}
          alt=""
          draggable={false}
          onLoad={(event) => {
            const img = event.currentTarget
            img.dataset.state = 'loaded'
            setLoaded({ src, width: img.naturalWidth, height: img.naturalHeight })
          }}
        />
        {overlay}
        {ocr.map((line, i) =>
          showOcr || i === highlightLine ? (
            <div
              key={`ocr${i}`}
              className={i === highlightLine ? 'ocr-box highlighted' : 'ocr-box'}
              data-testid="ocr-box"
              style={fractionBoxStyle(line.box)}
              title={line.text}
            />
          ) : null,
        )}
        {showFaces
          ? faces.map((face) => (
              <div
                key={face.id}
                className={face.id === highlightFace ? 'face-box highlighted' : 'face-box'}
                data-testid="face-box"
                data-face-id={face.id}
                data-person-id={face.personId ?? undefined}
                style={fractionBoxStyle(face.box)}
              >
                {face.personId !== null ? (
                  <button type="button" className="face-name" data-testid="face-box-name" onClick={() => onOpenPerson(face.personId!)}>
                    {personLabel({ name: face.personName })}
                  </button>
                ) : null}
              </div>
            ))
          : null}
      </div>
    </div>
  )
}
