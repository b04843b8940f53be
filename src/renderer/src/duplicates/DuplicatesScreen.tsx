// Duplicate review: each group side by side (what tells the copies apart), the suggested keeper
// marked with the rule that picked it, and "Keep this one", undoable from the toast.
import { useState } from 'react'
import type { DuplicateAsset, DuplicateGroup, DuplicateTier } from '../../../shared/duplicates'
import { KEEPER_RULE_LABELS } from '../../../shared/duplicates'
import { useApi } from '../api'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { formatDimensions, formatFileSize, formatTakenAt, pluralize } from '../lib/format'
import { useDuplicates, useResolveDuplicates } from './hooks'

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

  return (
    <section className="page-section duplicate-group" data-testid="duplicate-group" data-tier={group.tier}>
      <div className="section-title">
        <h3>{TIER_LABELS[group.tier]}</h3>
        <span className="muted small">{group.reason}</span>
      </div>
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
