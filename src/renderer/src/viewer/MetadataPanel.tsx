import type { ReactNode } from 'react'
import type { AssetDetail, AssetSummary, FaceRef } from '../../../shared/domain'
import { formatVideoFacts } from '../../../shared/video'
import {
  formatCamera,
  formatCoordinates,
  formatDimensions,
  formatExposure,
  formatFileSize,
  formatInstant,
  formatPlace,
  formatTakenAt,
  openStreetMapUrl,
} from '../lib/format'
import { OcrPanel } from './OcrPanel'
import { DateEditor, DescriptionEditor, PlaceEditor, TrashedNote } from './PhotoEdits'
import { PeopleInPhoto } from './PeopleInPhoto'
import { TagChips } from './TagChips'
import { InAlbums } from '../albums'

/** What the viewer draws over the photo, toggled from this panel. */
export interface OverlayControls {
  showFaces: boolean
  showOcr: boolean
  toggleFaces(): void
  toggleOcr(): void
  highlightLine: number | null
  highlightFace(faceId: number | null): void
  setHighlightLine(index: number | null): void
}

/** The photo's favourite and stars, with the edits (also on the keys F and 0–5). */
export interface CurationControls {
  favorite: boolean
  rating: number
  toggleFavorite(): void
  rate(stars: number): void
}

interface MetadataPanelProps {
  summary: AssetSummary
  detail: AssetDetail | null | undefined
  loading: boolean
  faces: readonly FaceRef[]
  overlays: OverlayControls
  curation: CurationControls
  onOpenPerson(personId: number): void
  onSearch(text: string): void
  /** Opens an album the photo is in (its chips under "In albums"). */
  onOpenAlbum?(albumId: number): void
  /** Opens the map at the photo's position (the "Show on map" link by its place). */
  onShowOnMap?(place: { lat: number; lon: number }): void
}

function Curation({ favorite, rating, toggleFavorite, rate }: CurationControls) {
  return (
    <div className="curation" data-testid="meta-curation">
      <button
        type="button"
        className={`curation-heart${favorite ? ' on' : ''}`}
        data-testid="meta-favorite"
        aria-pressed={favorite}
        aria-label={favorite ? 'Favourite (F to remove)' : 'Add to favourites (F)'}
        title={favorite ? 'Favourite (F)' : 'Add to favourites (F)'}
        onClick={toggleFavorite}
      >
        {favorite ? '♥' : '♡'}
      </button>
      <span className="curation-stars" role="group" aria-label={`Rating: ${rating} of 5 (keys 0–5)`} data-testid="meta-rating" data-rating={rating}>
        {[1, 2, 3, 4, 5].map((stars) => (
          <button
            key={stars}
            type="button"
            className={`curation-star${stars <= rating ? ' on' : ''}`}
            aria-label={stars === rating ? `${stars} stars (click to clear)` : `${stars} stars`}
            title={`${stars} (key ${stars})`}
            // Clicking the current rating again clears it, as 0 does.
            onClick={() => rate(stars === rating ? 0 : stars)}
          >
            {stars <= rating ? '★' : '☆'}
          </button>
        ))}
      </span>
    </div>
  )
}

function Field({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="meta-field">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

export function MetadataPanel({ summary, detail, loading, faces, overlays, curation, onOpenPerson, onSearch, onOpenAlbum, onShowOnMap }: MetadataPanelProps) {
  const date = formatTakenAt(detail?.takenAt ?? summary.takenAt)
  const camera = detail ? formatCamera(detail.make, detail.model) : null
  const exposure = detail ? formatExposure(detail) : null
  const dimensions = formatDimensions(detail?.width ?? summary.width, detail?.height ?? summary.height)
  const size = detail ? formatFileSize(detail.fileSize) : null
  const videoLine = detail?.videoFacts ? formatVideoFacts(detail.video?.durationMs ?? null, detail.videoFacts) : null
  // Without a capture date the file's own mtime is the best hint the user can get.
  const modified = !date && detail?.locations[0] ? formatInstant(detail.locations[0].mtime) : null
  const coordinates = detail ? formatCoordinates(detail.lat, detail.lon, detail.alt) : null
  const place = detail ? formatPlace(detail.city, detail.region, detail.country) : null

  return (
    <aside className="metadata-panel" data-testid="metadata-panel" aria-label="Photo details">
      {detail !== null ? <Curation {...curation} /> : null}
      {detail?.trashedAt ? <TrashedNote detail={{ ...detail, trashedAt: detail.trashedAt }} /> : null}
      <dl>
        {detail ? <DescriptionEditor key={detail.id} detail={detail} /> : null}
        <Field label="Date" testId="meta-date">
          {date ?? <span className="muted">Not recorded{modified ? ` · file modified ${modified}` : ''}</span>}
          {detail ? <DateEditor key={detail.id} detail={detail} /> : null}
        </Field>
        {loading && !detail ? <p className="muted">Loading details…</p> : null}
        {detail === null ? <p className="muted">This photo is no longer in the library.</p> : null}
        {place || detail ? (
          <Field label="Place" testId="meta-place">
            {place ?? <span className="muted">{detail?.lat != null ? 'Unnamed place' : 'Not recorded'}</span>}
            {detail?.lat != null && detail.lon != null && onShowOnMap ? (
              <button type="button" className="link-button small" data-testid="meta-show-on-map" onClick={() => onShowOnMap({ lat: detail.lat!, lon: detail.lon! })}>
                Show on map
              </button>
            ) : null}
            {detail ? <PlaceEditor key={detail.id} detail={detail} /> : null}
          </Field>
        ) : null}
        {detail && detail.tags.length > 0 ? (
          <Field label="Tags" testId="meta-tags">
            <TagChips tags={detail.tags} onSearch={onSearch} />
          </Field>
        ) : null}
        {detail && onOpenAlbum ? <InAlbums assetId={detail.id} onOpenAlbum={onOpenAlbum} /> : null}
        {camera ? (
          <Field label="Camera" testId="meta-camera">
            {camera}
          </Field>
        ) : null}
        {detail?.lens ? (
          <Field label="Lens" testId="meta-lens">
            {detail.lens}
          </Field>
        ) : null}
        {exposure ? (
          <Field label="Exposure" testId="meta-exposure">
            {exposure}
          </Field>
        ) : null}
        {videoLine ? (
          <Field label="Video" testId="meta-video">
            {videoLine}
          </Field>
        ) : null}
        {dimensions ? (
          <Field label="Dimensions" testId="meta-dimensions">
            {dimensions}
          </Field>
        ) : null}
        {size ? (
          <Field label="File size" testId="meta-file-size">
            <span>
              {size}
              {detail?.mime ? <span className="muted"> · {detail.mime}</span> : null}
            </span>
          </Field>
        ) : null}
        {coordinates && detail?.lat != null && detail.lon != null ? (
          <Field label="Location" testId="meta-location">
            <span>{coordinates}</span>
            <a
              className="external-link"
              data-testid="meta-map-link"
              href={openStreetMapUrl(detail.lat, detail.lon)}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open in OpenStreetMap ↗
            </a>
          </Field>
        ) : null}
        {detail && detail.locations.length > 0 ? (
          <Field label={detail.locations.length === 1 ? 'File' : `Files (${detail.locations.length})`} testId="meta-paths">
            <ul className="path-list">
              {detail.locations.map((location) => (
                <li key={location.path} className="path" data-testid="meta-path" title={location.path}>
                  {location.path}
                </li>
              ))}
            </ul>
          </Field>
        ) : null}
        {detail?.state === 'error' && detail.error ? (
          <Field label="Problem" testId="meta-error">
            <span className="error-text">{detail.error}</span>
          </Field>
        ) : null}
      </dl>
      {faces.length > 0 ? (
        <PeopleInPhoto
          faces={faces}
          showBoxes={overlays.showFaces}
          onToggleBoxes={overlays.toggleFaces}
          onHighlight={overlays.highlightFace}
          onOpenPerson={onOpenPerson}
        />
      ) : null}
      {detail && detail.ocr.length > 0 ? (
        <OcrPanel
          lines={detail.ocr}
          showBoxes={overlays.showOcr}
          highlighted={overlays.highlightLine}
          onToggleBoxes={overlays.toggleOcr}
          onHighlight={overlays.setHighlightLine}
        />
      ) : null}
    </aside>
  )
}
