// The browser-mode event channel: one WebSocket to /events that reconnects with backoff and fans
// frames out to listeners. Opened lazily on the first listener.
import type { EventName } from '../../../shared/events'
import { backoffDelay } from '../lib/backoff'
import { parseEventMessage } from './api-error'

export type ConnectionStatus = 'connecting' | 'open' | 'closed'

type Listener = (payload: unknown) => void

export class EventSocket {
  private socket: WebSocket | null = null
  private readonly listeners = new Map<EventName, Set<Listener>>()
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>()
  private attempt = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private idleCloseTimer: ReturnType<typeof setTimeout> | null = null
  private status: ConnectionStatus = 'closed'
  private wanted = false

  constructor(private readonly url: string) {}

  on(event: EventName, listener: Listener): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener)
    this.ensureOpen()
    return () => {
      set.delete(listener)
      this.closeIfUnused()
    }
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener)
    listener(this.status)
    return () => this.statusListeners.delete(listener)
  }

  private listenerCount(): number {
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return
    this.status = status
    for (const listener of this.statusListeners) listener(status)
  }

  private ensureOpen(): void {
    if (this.idleCloseTimer !== null) {
      clearTimeout(this.idleCloseTimer)
      this.idleCloseTimer = null
    }
    this.wanted = true
    if (this.socket || this.reconnectTimer !== null) return
    this.connect()
  }

  // React StrictMode unsubscribes and resubscribes at once; wait a moment before really closing.
  private closeIfUnused(): void {
    if (this.listenerCount() > 0 || this.idleCloseTimer !== null) return
    this.idleCloseTimer = setTimeout(() => {
      this.idleCloseTimer = null
      if (this.listenerCount() > 0) return
      this.wanted = false
      if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer)
      this.reconnectTimer = null
      this.socket?.close()
      this.socket = null
      this.setStatus('closed')
    }, 1000)
  }

  private connect(): void {
    this.setStatus('connecting')
    let socket: WebSocket
    try {
      socket = new WebSocket(this.url)
    } catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      this.attempt = 0
      this.setStatus('open')
    }
    socket.onmessage = (message: MessageEvent) => {
      const parsed = parseEventMessage(message.data)
      if (!parsed) return
      for (const listener of this.listeners.get(parsed.event) ?? []) {
        try {
          listener(parsed.payload)
        } catch (error) {
          console.error(`photohouse: listener for ${parsed.event} failed`, error)
        }
      }
    }
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.socket = null
      this.setStatus('closed')
      if (this.wanted) this.scheduleReconnect()
    }
    // An error is always followed by close, which does the reconnecting.
    socket.onerror = () => {}
  }

  private scheduleReconnect(): void {
    const delay = backoffDelay(this.attempt++)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      if (this.wanted) this.connect()
    }, delay)
  }
}
