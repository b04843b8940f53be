// Duplicate review: each group side by side (what tells the copies apart), the suggested keeper
// marked with the rule that picked it, and "Keep this one", undoable from the toast. A same-bytes
// group (one photo at several paths) offers "Remove extra copies" instead, after a confirmation.
import { useState } from 'react'
import type { DuplicateAsset, DuplicateGroup, DuplicateTier } from '../../../shared/duplicates'
import { KEEPER_RULE_LABELS } from '../../../shared/duplicates'
import { useApi } from '../api'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { formatDimensions, formatFileSize, formatTakenAt, pluralize } from '../lib/format'
import { useDuplicates, useRemoveCopies, useResolveDuplicates } from './hooks'

const TIER_LABELS: Record<DuplicateTier, string> = {
  'same-bytes': 'Same file, several places',
  'same-pixels': 'Same pixels',
  near: 'Near duplicates',
  similar: 'Similar shots',
}

/** The camera fields counted for EXIF completeness (see DuplicateAsset.exifFields). */
const EXIF_FIELDS = 9

export function DuplicatesScreen() {
  const [includeSimilar, setIncludeSimilar] = useState(false)
  const groups = useDuplicates(includeSimilar)
  return (
    <div className="page" data-testid="duplicates-screen">
      <header className="page-header">
        <h1>Duplicates</h1>
        <label className="duplicate-toggle">
          <input type="checkbox" data-testid="duplicates-similar" checked={includeSimilar} onChange={(e) => setIncludeSimilar(e.target.checked)} /> Show similar
          shots too
        </label>
      </header>
      {groups.isPending ? <p className="muted page-message">Looking for duplicates…</p> : null}
      {groups.isError ? <p className="error-text page-message">Could not look for duplicates: {errorText(groups.error)}</p> : null}
      {groups.data?.length === 0 ? (
        <p className="muted page-message" data-testid="duplicates-none">
          No duplicates found.
        </p>
      ) : null}
      {groups.data && groups.data.length > 0 ? (
        <p className="muted page-message" data-testid="duplicates-count">
          {pluralize(groups.data.length, 'group', 'groups')}
        </p>
      ) : null}
      {groups.data?.map((group) => (
        <GroupCard key={`${group.tier}:${group.assets.map((a) => `${a.asset.id}@${a.path}`).join(',')}`} group={group} />
      ))}
    </div>
  )
}

function GroupCard({ group }: { group: DuplicateGroup }) {
  const resolve = useResolveDuplicates()
  const offerSteps = useOfferSteps()
  const notify = useNotify()
  // A same-bytes group is one photo at several paths: nothing to merge, only extra files to remove.
  const resolvable = group.tier !== 'same-bytes'
  const ids = [...new Set(group.assets.map((a) => a.asset.id))]

  async function keep(assetId: number) {
    try {
      const result = await resolve.mutateAsync({ groupAssetIds: ids, keepId: assetId })
      if (result.undo) offerSteps(result.undo.label, [result.undo])
      else notify('info', 'Nothing changed')
    } catch (error) {
      notify('error', `Could not resolve the group: ${errorText(error)}`)
    }
  }

  const [removing, setRemoving] = useState(false)

  return (
    <section className="page-section duplicate-group" data-testid="duplicate-group" data-tier={group.tier}>
      <div className="section-title">
        <h3>{TIER_LABELS[group.tier]}</h3>
        <span className="muted small">{group.reason}</span>
        {group.tier === 'same-bytes' ? (
          <button type="button" className="button small" data-testid="duplicate-remove-copies" onClick={() => setRemoving(true)}>
            Remove extra copies…
          </button>
        ) : null}
      </div>
      {removing ? <RemoveCopiesDialog assetId={group.suggestedKeep} paths={group.assets.map((a) => a.path)} onClose={() => setRemoving(false)} /> : null}
      <div className="duplicate-row">
        {group.assets.map((item) => (
          <AssetCard
            key={`${item.asset.id}@${item.path}`}
            item={item}
            suggested={item.asset.id === group.suggestedKeep ? KEEPER_RULE_LABELS[group.keptBy] : null}
            onKeep={resolvable ? () => void keep(item.asset.id) : null}
            busy={resolve.isPending}
          />
        ))}
      </div>
    </section>
  )
}

function AssetCard({ item, suggested, onKeep, busy }: { item: DuplicateAsset; suggested: string | null; onKeep: (() => void) | null; busy: boolean }) {
  const api = useApi()
  const src = item.asset.hasThumb ? api.mediaUrl('grid', item.asset) : null
  const facts = [
    formatDimensions(item.width, item.height),
    formatFileSize(item.bytes),
    item.format,
    formatTakenAt(item.takenAt) ?? 'No date',
    `EXIF ${item.exifFields}/${EXIF_FIELDS}`,
    item.distance > 0 ? `${item.distance} bits apart` : null,
  ].filter((f): f is string => f !== null)
  return (
    <figure className={suggested ? 'duplicate-card suggested' : 'duplicate-card'} data-asset-id={item.asset.id}>
      <div className="duplicate-thumb">{src ? <img src={src} alt="" loading="lazy" /> : null}</div>
      <figcaption>
        {suggested ? (
          <span className="duplicate-suggested" data-testid="duplicate-suggested" title="Suggested keeper">
            Suggested: {suggested}
          </span>
        ) : null}
        <ul className="duplicate-facts small">
          {facts.map((fact) => (
            <li key={fact}>{fact}</li>
          ))}
        </ul>
        <p className="duplicate-path small muted" title={item.path}>
          {item.path}
        </p>
        {onKeep ? (
          <button type="button" className={suggested ? 'button primary small' : 'button small'} data-testid="duplicate-keep" disabled={busy} onClick={onKeep}>
            Keep this one
          </button>
        ) : null}
      </figcaption>
    </figure>
  )
}

/**
 * Which copy stays (the first path unless chosen) and which of the others go to the system trash
 * (all of them unless unticked), named file by file before anything moves.
 */
function RemoveCopiesDialog({ assetId, paths, onClose }: { assetId: number; paths: string[]; onClose(): void }) {
  const remove = useRemoveCopies()
  const notify = useNotify()
  const [keep, setKeep] = useState(paths[0]!)
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set())
  const chosen = paths.filter((p) => p !== keep && !unticked.has(p))
  const title = 'Remove extra copies?'

  async function confirm() {
    try {
      const result = await remove.mutateAsync({ assetId, paths: chosen })
      if (result.removed.length > 0) notify('info', `Moved ${pluralize(result.removed.length, 'copy', 'copies')} to the system trash; kept ${result.kept.join(', ')}`)
      if (result.failures.length > 0) {
        const first = result.failures[0]!
        const more = result.failures.length > 1 ? ` (and ${result.failures.length - 1} more)` : ''
        notify('error', `Could not move ${first.path} to the system trash: ${first.reason}${more}`)
      }
      onClose()
    } catch (error) {
      notify('error', `Could not remove the copies: ${errorText(error)}`)
    }
  }

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid="remove-copies-dialog">
        <h2>{title}</h2>
        <p>
          The same file is in {paths.length} places. The copies ticked below will be moved to the system&apos;s trash (you can get them back
          from there until it is emptied); the photo stays in PhotoHouse with the copy you keep.
        </p>
        <ul className="remove-copies-list">
          {paths.map((path) => (
            <li key={path} data-testid="remove-copies-path" data-path={path}>
              <label title="Keep this copy">
                <input type="radio" name={`keep-${assetId}`} data-testid="remove-copies-keep" checked={keep === path} onChange={() => setKeep(path)} /> Keep
              </label>{' '}
              <label>
                <input
                  type="checkbox"
                  data-testid="remove-copies-remove"
                  disabled={path === keep}
                  checked={path !== keep && !unticked.has(path)}
                  onChange={(event) =>
                    setUnticked((before) => {
                      const next = new Set(before)
                      if (event.target.checked) next.delete(path)
                      else next.add(path)
                      return next
                    })
                  }
                />{' '}
                <span className="small">{path}</span>
              </label>
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <button type="button" className="button" data-testid="remove-copies-cancel" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button danger"
            data-testid="remove-copies-confirm"
            disabled={chosen.length === 0 || remove.isPending}
            autoFocus
            onClick={() => void confirm()}
          >
            Move {pluralize(chosen.length, 'file', 'files')} to the system trash
          </button>
        </div>
      </div>
    </div>
  )
}
