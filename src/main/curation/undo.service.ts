// One undo journal for every curation domain. A domain registers the kinds of inverse operation it
// knows how to apply once at start-up; each batch action then records, inside its own transaction,
// the inverse ops that put back exactly what it changed. An undo applies a step's ops last to first
// in one transaction, so a half-undone step cannot exist.
import type { Db, UndoOp, UndoRepository } from '../catalog'
import type { UndoStep } from '../../shared/domain'

export type UndoApplier = (payload: unknown) => void

export class NotLatestStepError extends Error {
  override name = 'NotLatestStepError'
}

export function createUndoService(deps: { db: Db; journal: UndoRepository }) {
  const appliers = new Map<string, UndoApplier>()
  function record(label: string, ops: UndoOp[]): UndoStep {
    for (const op of ops) if (!appliers.has(op.kind)) throw new Error(`No undo handler for ${op.kind}`)
    return { stepId: deps.journal.push(label, ops), label }
  }
  return {
    /** Each kind once (a second registration is a programming error, as for task handlers). */
    register(kind: string, apply: UndoApplier): void {
      if (appliers.has(kind)) throw new Error(`Undo kind ${kind} is registered twice`)
      appliers.set(kind, apply)
    },

    /**
     * Records a step; call it inside the transaction that makes the change. Ops are given in the
     * order the change was made (they are undone in reverse). Kinds must be registered already,
     * so a step that could never be undone is refused before anything is committed.
     */
    record,

    /** A domain's action run as one transaction that records its step when it changed something. */
    step<T extends { changed: number }>(run: () => T & { label: string; ops: UndoOp[] }): Omit<T, 'label' | 'ops'> & { undo: UndoStep | null } {
      return deps.db.transaction(() => {
        const { label, ops, ...result } = run()
        const undo = result.changed > 0 && ops.length > 0 ? record(label, ops) : null
        return { ...(result as unknown as Omit<T, 'label' | 'ops'>), undo }
      })()
    },

    /** The step the next undo takes back, if any. */
    latest(): UndoStep | null {
      const row = deps.journal.latest()
      return row && { stepId: row.id, label: row.label }
    },

    /**
     * Takes back the latest step (or the given one, only while it is still the latest: undoing an
     * older step under a newer one could put back values the newer step had changed on purpose).
     * Returns its label, or null when there is nothing to undo.
     */
    undo(stepId?: number): string | null {
      return deps.db.transaction(() => {
        if (stepId !== undefined && !deps.journal.exists(stepId)) throw new NotLatestStepError('That change can no longer be undone')
        const row = deps.journal.latest()
        if (!row) return null
        if (stepId !== undefined && row.id !== stepId) {
          throw new NotLatestStepError('A later change was made since; undo that one first')
        }
        for (const op of [...row.inverse].reverse()) {
          const apply = appliers.get(op.kind)
          if (!apply) throw new Error(`No undo handler for ${op.kind}`)
          apply(op.payload)
        }
        deps.journal.remove(row.id)
        return row.label
      })()
    },
  }
}

export type UndoService = ReturnType<typeof createUndoService>
