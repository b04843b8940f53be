import type { TaskRow, TaskState, TaskTypeStats } from '../../shared/domain'
import { TASK_STATES } from '../../shared/domain'
import { statementCache, type Db } from './connection'

export interface NewTask {
  type: string
  payload: unknown
  dedupeKey?: string
  priority?: number
  maxAttempts?: number
  runAt?: number
}

export interface ClaimedTask {
  id: number
  type: string
  payload: string
  attempts: number
  maxAttempts: number
}

interface TaskDbRow {
  id: number
  type: string
  payload: string
  state: TaskState
  attempts: number
  max_attempts: number
  error_code: string | null
  error_message: string | null
  progress: number | null
  created_at: number
  started_at: number | null
  finished_at: number | null
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** A short description of a payload for lists: its path if it has one, else its JSON. */
function subjectOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as Record<string, unknown>
    if (typeof parsed.path === 'string') return parsed.path
    return Object.entries(parsed)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ')
  } catch {
    return payload
  }
}

export function emptyStateCounts(): Record<TaskState, number> {
  return Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>
}

export function createTasksRepository(db: Db) {
  const sql = statementCache(db)
  const insert = sql(
    `INSERT INTO tasks (type, payload, dedupe_key, priority, max_attempts, run_at, created_at)
     VALUES (@type, @payload, @dedupeKey, @priority, @maxAttempts, @runAt, @createdAt)
     ON CONFLICT DO NOTHING`,
  )
  // One statement: pick and mark in the same write, so two workers (or two processes) can never
  // claim the same task.
  const claim = sql(
    `UPDATE tasks SET state = 'running', attempts = attempts + 1, started_at = @now, progress = NULL
     WHERE id = (
       SELECT id FROM tasks WHERE state IN ('pending', 'failed') AND run_at <= @now
       ORDER BY priority DESC, run_at, id LIMIT 1)
     RETURNING id, type, payload, attempts, max_attempts AS maxAttempts`,
  )
  // The same claim limited to some task types (a runner lane that only takes those).
  const claimOfTypes = sql(
    `UPDATE tasks SET state = 'running', attempts = attempts + 1, started_at = @now, progress = NULL
     WHERE id = (
       SELECT id FROM tasks WHERE state IN ('pending', 'failed') AND run_at <= @now
         AND type IN (SELECT value FROM json_each(@types))
       ORDER BY priority DESC, run_at, id LIMIT 1)
     RETURNING id, type, payload, attempts, max_attempts AS maxAttempts`,
  )
  const nextRunAt = sql(
    `SELECT min(run_at) AS at FROM tasks WHERE state IN ('pending', 'failed')`,
  )
  const nextRunAtOfTypes = sql(
    `SELECT min(run_at) AS at FROM tasks WHERE state IN ('pending', 'failed') AND type IN (SELECT value FROM json_each(@types))`,
  )
  const complete = sql(
    `UPDATE tasks SET state = 'done', finished_at = @now, duration_ms = @now - started_at,
       error_code = NULL, error_message = NULL, progress = 1 WHERE id = @id AND state = 'running'`,
  )
  const fail = sql(
    `UPDATE tasks SET state = @state, finished_at = @now, duration_ms = @now - started_at, run_at = @runAt,
       error_code = @code, error_message = @message WHERE id = @id AND state = 'running'`,
  )
  const setProgress = sql(`UPDATE tasks SET progress = ? WHERE id = ? AND state = 'running'`)
  // A task left 'running' by a crash whose last allowed run it was: its runs may be what kills the
  // process (a decoder crash, memory), so it goes to the dead letters instead of running forever.
  const deadAfterCrash = sql(
    `UPDATE tasks SET state = 'dead', finished_at = @now, error_code = 'crashed',
       error_message = 'The process ended while this task was running, on each of its ' || attempts || ' attempts'
     WHERE state = 'running' AND attempts >= max_attempts`,
  )
  const resetRunning = sql(
    `UPDATE tasks SET state = 'pending', run_at = @now, started_at = NULL WHERE state = 'running'`,
  )
  const countsByType = sql(`SELECT type, state, count(*) AS n FROM tasks GROUP BY type, state`)
  const recentDurations = sql(
    `SELECT duration_ms AS d FROM tasks WHERE type = ? AND state = 'done' AND duration_ms IS NOT NULL
     ORDER BY finished_at DESC LIMIT 2000`,
  )
  const liveCount = sql(`SELECT count(*) AS n FROM tasks WHERE state IN ('pending', 'running', 'failed')`)

  return {
    enqueue(tasks: NewTask[]): number {
      const now = Date.now()
      let added = 0
      db.transaction(() => {
        for (const t of tasks) {
          added += insert.run({
            type: t.type,
            payload: JSON.stringify(t.payload),
            dedupeKey: t.dedupeKey ?? null,
            priority: t.priority ?? 0,
            maxAttempts: t.maxAttempts ?? 5,
            runAt: t.runAt ?? now,
            createdAt: now,
          }).changes
        }
      })()
      return added
    },

    /** The next due task, highest priority first; only of `types` when given. */
    claim(now = Date.now(), types?: readonly string[]): ClaimedTask | undefined {
      if (types) return claimOfTypes.get({ now, types: JSON.stringify(types) }) as ClaimedTask | undefined
      return claim.get({ now }) as ClaimedTask | undefined
    },

    /** When the earliest waiting task (of `types`, when given) becomes due (ms epoch), or null when nothing waits. */
    nextRunAt(types?: readonly string[]): number | null {
      const row = types ? nextRunAtOfTypes.get({ types: JSON.stringify(types) }) : nextRunAt.get()
      return (row as { at: number | null }).at
    },

    complete(id: number): void {
      complete.run({ id, now: Date.now() })
    },

    /** 'failed' waits for runAt and is claimed again; 'dead' is the dead-letter state. */
    fail(id: number, outcome: { state: 'failed' | 'dead'; code: string; message: string; runAt: number }): void {
      fail.run({ id, now: Date.now(), state: outcome.state, code: outcome.code, message: outcome.message, runAt: outcome.runAt })
    },

    setProgress(id: number, progress: number): void {
      setProgress.run(progress, id)
    },

    /**
     * Tasks a crash or kill left 'running' go back to the queue (they are idempotent), unless that
     * was their last attempt: those are dead letters ('crashed'). Call only while no other process
     * runs this queue (the library lock).
     */
    resumeInterrupted(): { requeued: number; crashed: number } {
      const now = Date.now()
      return db.transaction(() => {
        const crashed = deadAfterCrash.run({ now }).changes
        return { requeued: resetRunning.run({ now }).changes, crashed }
      })()
    },

    /** Requeue one task (dead/failed/cancelled) or, without id, every dead task. */
    requeue(id?: number): number {
      const now = Date.now()
      if (id !== undefined) {
        return db
          .prepare(
            `UPDATE tasks SET state = 'pending', attempts = 0, run_at = ?, error_code = NULL, error_message = NULL
             WHERE id = ? AND state IN ('dead', 'failed', 'cancelled')
               AND NOT EXISTS (SELECT 1 FROM tasks o WHERE o.dedupe_key = tasks.dedupe_key AND o.id <> tasks.id
                               AND o.state IN ('pending', 'running', 'failed'))`,
          )
          .run(now, id).changes
      }
      return db
        .prepare(
          `UPDATE OR IGNORE tasks SET state = 'pending', attempts = 0, run_at = ?, error_code = NULL, error_message = NULL
           WHERE state = 'dead'`,
        )
        .run(now).changes
    },

    /** Cancel one waiting task, or every waiting one. Running tasks finish (their work is idempotent). */
    cancel(id?: number): number {
      const now = Date.now()
      const cancelWaiting = `UPDATE tasks SET state = 'cancelled', finished_at = ? WHERE state IN ('pending', 'failed')`
      return id === undefined ? sql(cancelWaiting).run(now).changes : sql(`${cancelWaiting} AND id = ?`).run(now, id).changes
    },

    list(states: TaskState[], limit: number): TaskRow[] {
      const rows = db
        .prepare(
          `SELECT id, type, payload, state, attempts, max_attempts, error_code, error_message, progress,
                  created_at, started_at, finished_at
           FROM tasks WHERE state IN (${states.map(() => '?').join(',')})
           ORDER BY coalesce(finished_at, created_at) DESC, id DESC LIMIT ?`,
        )
        .all(...states, limit) as TaskDbRow[]
      return rows.map(toTaskRow)
    },

    get(id: number): (TaskRow & { payload: string }) | undefined {
      const r = sql(`SELECT * FROM tasks WHERE id = ?`).get(id) as TaskDbRow | undefined
      return r && { ...toTaskRow(r), payload: r.payload }
    },

    liveCount(): number {
      return (liveCount.get() as { n: number }).n
    },

    stats(): { byType: TaskTypeStats[]; totals: Record<TaskState, number> } {
      const byType = new Map<string, TaskTypeStats>()
      const totals = emptyStateCounts()
      for (const row of countsByType.all() as { type: string; state: TaskState; n: number }[]) {
        let entry = byType.get(row.type)
        if (!entry) {
          entry = { type: row.type, counts: emptyStateCounts(), p50Ms: null, p95Ms: null }
          byType.set(row.type, entry)
        }
        entry.counts[row.state] = row.n
        totals[row.state] += row.n
      }
      for (const entry of byType.values()) {
        if (entry.counts.done === 0) continue
        const ds = (recentDurations.all(entry.type) as { d: number }[]).map((r) => r.d).sort((a, b) => a - b)
        entry.p50Ms = percentile(ds, 0.5)
        entry.p95Ms = percentile(ds, 0.95)
      }
      return { byType: [...byType.values()].sort((a, b) => a.type.localeCompare(b.type)), totals }
    },

    /** Finished tasks are history; keep the newest per type for the duration figures. */
    pruneFinished(keepPerType = 5000): number {
      return db
        .prepare(
          `DELETE FROM tasks WHERE id IN (
             SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY type ORDER BY finished_at DESC) AS rn
                             FROM tasks WHERE state IN ('done', 'cancelled')) WHERE rn > ?)`,
        )
        .run(keepPerType).changes
    },
  }
}

function toTaskRow(r: TaskDbRow): TaskRow {
  return {
    id: r.id,
    type: r.type,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    subject: subjectOf(r.payload),
    errorCode: r.error_code,
    errorMessage: r.error_message,
    progress: r.progress,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return sorted[idx] ?? null
}

export type TasksRepository = ReturnType<typeof createTasksRepository>
