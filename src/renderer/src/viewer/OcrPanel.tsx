import type { AssetOcrLine } from '../../../shared/domain'
import { errorText, useNotify } from '../app/notices'

interface OcrPanelProps {
  lines: readonly AssetOcrLine[]
  showBoxes: boolean
  highlighted: number | null
  onToggleBoxes(): void
  onHighlight(index: number | null): void
}

/** Copies through the async clipboard API, falling back to a hidden textarea where it is missing. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text)
    return
  }
  const area = document.createElement('textarea')
  area.value = text
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.append(area)
  area.select()
  const ok = document.execCommand('copy')
  area.remove()
  if (!ok) throw new Error('the browser refused to copy')
}

/** Text read in the photo, as selectable lines, with Copy and a toggle for the boxes on the photo. */
export function OcrPanel({ lines, showBoxes, highlighted, onToggleBoxes, onHighlight }: OcrPanelProps) {
  const notify = useNotify()
  async function copyAll() {
    try {
      await copyText(lines.map((l) => l.text).join('\n'))
      notify('info', `Copied ${lines.length === 1 ? 'the text' : `${lines.length} lines of text`}`)
    } catch (error) {
      notify('error', `Could not copy: ${errorText(error)}`)
    }
  }
  return (
    <section className="meta-section" data-testid="ocr-panel">
      <div className="section-title">
        <h3>Text in this photo</h3>
        <div className="button-group">
          <button type="button" className={showBoxes ? 'button small toggled' : 'button small'} aria-pressed={showBoxes} data-testid="ocr-toggle-boxes" onClick={onToggleBoxes}>
            Boxes
          </button>
          <button type="button" className="button small" data-testid="ocr-copy" onClick={copyAll}>
            Copy
          </button>
        </div>
      </div>
      <ol className="ocr-lines">
        {lines.map((line, i) => (
          <li
            key={i}
            className={i === highlighted ? 'highlighted' : undefined}
            data-testid="ocr-line"
            title={`Confidence ${Math.round(line.confidence * 100)}%`}
            onMouseEnter={() => onHighlight(i)}
            onMouseLeave={() => onHighlight(null)}
          >
            {line.text}
          </li>
        ))}
      </ol>
    </section>
  )
}
