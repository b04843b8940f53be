// "On this day": a row of cards at the top of the library, one per earlier year with photos of
// today's calendar day ("3 years ago · 6 Dec 2023"); a card opens that day's photos in the viewer.
// It sits above the grid, outside its virtualizer (the grid keeps its own scroll and positions), and
// is absent when no earlier year has photos of the day.
import { onThisDayLabel } from '../../../shared/memories'
import { useApi } from '../api'
import { useNavigation } from '../app/navigation'
import { pluralize } from '../lib/format'
import { useOnThisDay, useToday } from './hooks'

export function OnThisDayStrip() {
  const api = useApi()
  const { openPhotos } = useNavigation()
  const today = useToday()
  const day = useOnThisDay(today)
  const years = day.data?.years ?? []
  // Nothing to remember (or not known yet, or an error: the library itself matters more): no strip.
  if (years.length === 0) return null
  return (
    <section className="memories-strip" data-testid="on-this-day" aria-label="On this day">
      <h2 className="memories-title">On this day</h2>
      <div className="memories-row">
        {years.map((year) => {
          const cover = year.photos.find((p) => p.hasThumb) ?? null
          return (
            <button
              key={year.year}
              type="button"
              className="memory-card"
              data-testid="memory-card"
              data-year={year.year}
              data-count={year.count}
              title={`Open the ${pluralize(year.count, 'photo', 'photos')} of ${onThisDayLabel(year).split(' · ')[1]}`}
              onClick={() => openPhotos(year.photos, 0)}
            >
              <span className="memory-cover" aria-hidden="true">
                {cover ? <img src={api.mediaUrl('grid', cover)} alt="" loading="lazy" draggable={false} /> : null}
              </span>
              <span className="memory-text">
                <span className="memory-label" data-testid="memory-label">
                  {onThisDayLabel(year)}
                </span>
                <span className="muted small">{pluralize(year.count, 'photo', 'photos')}</span>
              </span>
            </button>
          )
        })}
      </div>
    </section>
  )
}
