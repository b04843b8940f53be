// Short-lived messages ("Added 2 folders", "Path does not exist") shown bottom-right.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react'

export type NoticeKind = 'info' | 'error'
interface Notice {
  id: number
  kind: NoticeKind
  text: string
}

type Notify = (kind: NoticeKind, text: string) => void

const NotifyContext = createContext<Notify>(() => {})

export function useNotify(): Notify {
  return useContext(NotifyContext)
}

const VISIBLE_MS = { info: 4000, error: 8000 } as const

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([])
  const nextId = useRef(1)
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), [])
  const notify = useCallback<Notify>(
    (kind, text) => {
      const id = nextId.current++
      setNotices((list) => [...list.slice(-3), { id, kind, text }])
      setTimeout(() => dismiss(id), VISIBLE_MS[kind])
    },
    [dismiss],
  )
  const value = useMemo(() => notify, [notify])
  return (
    <NotifyContext.Provider value={value}>
      {children}
      <div className="notices" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`} data-testid="notice" data-kind={n.kind} role={n.kind === 'error' ? 'alert' : 'status'}>
            <span>{n.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NotifyContext.Provider>
  )
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
