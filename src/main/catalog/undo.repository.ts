import { statementCache, type Db } from './connection'

/** One inverse operation: a kind a domain registered with the undo service, and its data. */
export interface UndoOp {
  kind: string
  payload: unknown
}

export interface UndoStepRow {
  id: number
  label: string
  inverse: UndoOp[]
  createdAt: string
}

/** How many steps the journal keeps: an undo reaches back this far. */
export const UNDO_STEPS_KEPT = 50

export function createUndoRepository(db: Db) {
  const sql = statementCache(db)
  const toRow = (r: { id: number; label: string; inverse: string; createdAt: string }): UndoStepRow => ({
    ...r,
    inverse: JSON.parse(r.inverse) as UndoOp[],
  })
  return {
    push(label: string, inverse: UndoOp[], at = new Date()): number {
      const { lastInsertRowid } = sql(`INSERT INTO undo_steps (label, inverse, created_at) VALUES (?, ?, ?)`).run(
        label,
        JSON.stringify(inverse),
        at.toISOString(),
      )
      sql(`DELETE FROM undo_steps WHERE id <= ?`).run(Number(lastInsertRowid) - UNDO_STEPS_KEPT)
      return Number(lastInsertRowid)
    },
    latest(): UndoStepRow | null {
      const r = sql(`SELECT id, label, inverse, created_at AS createdAt FROM undo_steps ORDER BY id DESC LIMIT 1`).get() as
        | { id: number; label: string; inverse: string; createdAt: string }
        | undefined
      return r ? toRow(r) : null
    },
    exists(id: number): boolean {
      return sql(`SELECT 1 FROM undo_steps WHERE id = ?`).get(id) !== undefined
    },
    remove(id: number): void {
      sql(`DELETE FROM undo_steps WHERE id = ?`).run(id)
    },
  }
}

export type UndoRepository = ReturnType<typeof createUndoRepository>
