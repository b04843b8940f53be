import { useEffect, type ReactNode } from 'react'

interface ModalFormProps {
  /** Id of the heading; the dialog is labelled by it (callers reuse it as a prefix for their fields). */
  titleId: string
  title: ReactNode
  testId: string
  className?: string
  onClose(): void
  /** Called on Enter or the submit button; the browser's own form submission is always prevented. */
  onSubmit(): void
  children: ReactNode
}

/**
 * The app's form dialog: a backdrop that closes on a click outside (not on a drag that ends
 * outside, hence mousedown on the backdrop itself), Escape to close, and a labelled form.
 * One place so every dialog closes and announces itself the same way.
 */
export function ModalForm({ titleId, title, testId, className, onClose, onSubmit, children }: ModalFormProps) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <form
        className={className ? `modal ${className}` : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onSubmit={(event) => {
          event.preventDefault()
          onSubmit()
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </form>
    </div>
  )
}

interface ModalActionsProps {
  onCancel(): void
  submitLabel: ReactNode
  submitTestId: string
  disabled: boolean
}

/** Cancel and the form's submit button, in the order every dialog of the app uses. */
export function ModalActions({ onCancel, submitLabel, submitTestId, disabled }: ModalActionsProps) {
  return (
    <div className="modal-actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button primary" data-testid={submitTestId} disabled={disabled}>
        {submitLabel}
      </button>
    </div>
  )
}
