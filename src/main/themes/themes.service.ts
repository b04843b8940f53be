// Themes: recurring subjects across events, found again after each events recompute (the
// 'library.themes' task) and kept in the catalog for the Albums screen's suggestions.
import type { ThemesRepository, ThemeWrite } from '../catalog'
import type { TaskHandler } from '../tasks'
import type { AssetSummary } from '../../shared/domain'
import type { ThemeSummary } from '../../shared/themes'
import { findThemes, LabelMeans, lookalikes, nameTheme, type LabelledPhoto, type ThemeParams } from './discover'

export interface ThemeVectorModel {
  modelId: string
  params: ThemeParams
  /** Cosine at which a photo without a label looks like a theme photo of its event (the same scene). */
  similarFloor: number
}

export interface ThemesDeps {
  themes: ThemesRepository
  /** The vectors themes are found with: CLIP's once every photo has one, else the classifier's features. */
  vectorModel(): ThemeVectorModel
  /** Themes changed: screens refetch. */
  changed(): void
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createThemesService(deps: ThemesDeps) {
  const { themes: repo } = deps

  /**
   * Finds the themes of the whole library again and stores them. It reads every labelled photo's
   * vector, so it gives the event loop back every few hundred photos and every few events: the app
   * stays responsive while a large library is done (the result is written in one transaction).
   */
  async function recompute(): Promise<{ themes: number }> {
    const model = deps.vectorModel()
    const photos = new Map<number, LabelledPhoto & { labels: { label: string; score: number }[] }>()
    for (const r of repo.labelledMembers()) {
      let p = photos.get(r.id)
      if (!p) photos.set(r.id, (p = { id: r.id, eventId: r.eventId, labels: [] }))
      p.labels.push({ label: r.label, score: r.score })
    }
    // Each label's mean vector, from one photo at a time.
    const means = new LabelMeans()
    let read = 0
    for (const { id, vector } of repo.vectors([...photos.keys()], model.modelId)) {
      means.add(photos.get(id)!.labels.map((l) => l.label), vector)
      if (++read % 500 === 0) await yieldToLoop()
    }
    const found = findThemes([...photos.values()], means.means(), model.params)

    // Photos the classifier named nothing on join a theme where they look like its photos of their
    // event: one event at a time, so only one event's vectors are held at once.
    const writes: (Omit<ThemeWrite, 'name' | 'tags' | 'members'> & { members: ThemeWrite['members'][number][] })[] = found.map((theme) => ({ key: theme.labels.join('|'), eventCount: theme.events.length, members: [...theme.members] }))
    const byEvent = new Map<number, { theme: number; ids: number[] }[]>()
    for (const [t, theme] of found.entries()) {
      const ids = new Map<number, number[]>()
      for (const m of theme.members) {
        const list = ids.get(m.eventId)
        if (list) list.push(m.id)
        else ids.set(m.eventId, [m.id])
      }
      for (const [eventId, list] of ids) {
        const entries = byEvent.get(eventId)
        if (entries) entries.push({ theme: t, ids: list })
        else byEvent.set(eventId, [{ theme: t, ids: list }])
      }
    }
    let done = 0
    for (const [eventId, entries] of byEvent) {
      if (++done % 20 === 0) await yieldToLoop()
      const rows = repo.eventVectors(eventId, model.modelId)
      const candidates = rows.filter((r) => !r.labelled)
      if (candidates.length === 0) continue
      const byId = new Map(rows.map((r) => [r.id, r]))
      for (const { theme, ids } of entries) {
        const themePhotos = ids.flatMap((id) => byId.get(id) ?? [])
        for (const j of lookalikes(themePhotos, candidates, model.similarFloor)) writes[theme]!.members.push({ id: j.id, eventId, score: 0 })
      }
    }

    const counts = writes.map((w) => repo.tagCounts(w.members.filter((m) => m.score > 0).map((m) => m.id)))
    const { frequency, photos: tagged } = repo.tagFrequencies([...new Set(counts.flat().map((c) => c.label))])
    const named: ThemeWrite[] = writes.map((w, i) => {
      const tags = nameTheme(counts[i]!, w.members.filter((m) => m.score > 0).length, frequency, tagged)
      return { ...w, name: tags[0] ?? w.key.split('|')[0]!, tags }
    })
    repo.replace(named)
    return { themes: named.length }
  }

  // Recomputes only when the events or the labels and vectors changed since the last one; photos
  // that change while it runs ask for another pass (the task is queued again after each events pass).
  let lastVersion: string | null = null
  // The version is read before the pass: a change while it runs (it yields) makes the next one run.
  const handler: TaskHandler<'library.themes'> = async () => {
    const version = repo.version(deps.vectorModel().modelId)
    if (version === lastVersion) return
    await recompute()
    lastVersion = version
    deps.changed()
  }

  return {
    handlers: { 'library.themes': handler },
    recompute,
    list: (): ThemeSummary[] => repo.list(),
    /** null: no such theme. */
    photos: (themeId: number, offset: number, limit: number): AssetSummary[] | null => (repo.exists(themeId) ? repo.photos(themeId, offset, limit) : null),
  }
}

export type ThemesService = ReturnType<typeof createThemesService>
