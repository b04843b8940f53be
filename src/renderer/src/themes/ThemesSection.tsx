// Themes on the Albums screen: subjects that come back across the library's events (the beach, the
// dog, concerts), each offered as a smart album that keeps following the library.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ThemeSummary } from '../../../shared/themes'
import { queryKeys, useApi } from '../api'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { pluralize } from '../lib/format'
import { themeRule, themeTitle } from './theme-rule'

// Under the library's keys: a recompute of the themes comes with 'library.changed'.
const themesKey = () => [...queryKeys.library(), 'themes'] as const

export function useThemes() {
  const api = useApi()
  return useQuery({ queryKey: themesKey(), queryFn: () => api.invoke('themes.list', {}) })
}

export function ThemesSection() {
  const themes = useThemes()
  const api = useApi()
  const client = useQueryClient()
  const { navigate } = useNavigation()
  const notify = useNotify()
  const offerSteps = useOfferSteps()
  const create = useMutation({
    mutationFn: (theme: ThemeSummary) => api.invoke('smartAlbums.create', { name: themeTitle(theme), rule: themeRule(theme) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.albums() }),
  })

  async function makeAlbum(theme: ThemeSummary) {
    try {
      const made = await create.mutateAsync(theme)
      if (made.undo) offerSteps(made.undo.label, [made.undo])
      navigate({ name: 'album', albumId: made.album.id })
    } catch (error) {
      notify('error', `Could not make the smart album: ${errorText(error)}`)
    }
  }

  const list = themes.data ?? []
  if (list.length === 0) return null
  return (
    <section className="page-section themes-section" data-testid="themes-section" aria-labelledby="themes-heading">
      <h2 id="themes-heading" className="themes-heading">
        Themes <span className="muted small">subjects that come back across your events</span>
      </h2>
      <div className="album-grid">
        {list.map((theme) => (
          <div key={theme.id} className="album-card theme-card" data-testid="theme-card" data-theme-id={theme.id}>
            <span className="album-cover album-cover-large" aria-hidden="true">
              {theme.cover?.hasThumb ? <img src={api.mediaUrl('grid', theme.cover)} alt="" loading="lazy" draggable={false} /> : null}
            </span>
            <span className="album-card-name" data-testid="theme-name">
              {themeTitle(theme)}
            </span>
            <span className="muted small" data-testid="theme-counts" data-count={theme.count} data-events={theme.events}>
              {pluralize(theme.count, 'photo', 'photos')} · {pluralize(theme.events, 'event', 'events')}
            </span>
            {theme.tags.length > 1 ? <span className="muted small theme-tags">{theme.tags.slice(1, 4).join(', ')}</span> : null}
            <button
              type="button"
              className="button small"
              data-testid="theme-make-album"
              disabled={create.isPending}
              title={`A smart album of the photos tagged ${theme.labels.join(' or ')}`}
              onClick={() => void makeAlbum(theme)}
            >
              Make smart album
            </button>
          </div>
        ))}
      </div>
    </section>
  )
}
