// "New smart album" / "Edit rule": a name, the rule builder, the rule's text form (kept in step both
// ways: a builder edit rewrites the text, a text that reads well rebuilds the rows, one that does not
// says where), and how many photos the rule matches now.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { AlbumSummary } from '../../../shared/albums'
import { formatSmartRule, SmartRuleSchema, validateSmartText, type SmartGroup } from '../../../shared/smart-albums'
import { useApi } from '../api'
import { albumKeys } from '../albums/hooks'
import { errorText } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { pluralize } from '../lib/format'
import { RuleBuilder } from './RuleBuilder'
import { newCondition } from './rule-editing'
import { ModalActions, ModalForm } from '../app/ModalForm'

const FIRST_RULE: SmartGroup = { match: 'all', rules: [newCondition('favorite')] }

export function SmartAlbumDialog({ album, folderId = null, onClose, onSaved }: { album?: AlbumSummary; folderId?: number | null; onClose(): void; onSaved?(albumId: number): void }) {
  const api = useApi()
  const client = useQueryClient()
  const offerSteps = useOfferSteps()
  const id = useId()
  const [name, setName] = useState(album?.name ?? '')
  const [rule, setRule] = useState<SmartGroup>(album?.smart?.rule ?? FIRST_RULE)
  const [text, setText] = useState(() => formatSmartRule(album?.smart?.rule ?? FIRST_RULE))
  const [textError, setTextError] = useState<{ error: string; position: number } | null>(null)
  const valid = SmartRuleSchema.safeParse(rule).success
  const ruleKey = JSON.stringify(rule)

  const preview = useQuery({
    queryKey: [...albumKeys.all(), 'smart-preview', ruleKey],
    queryFn: () => api.invoke('smartAlbums.preview', { rule }),
    enabled: valid,
    placeholderData: keepPreviousData,
  })

  const save = useMutation({
    mutationFn: () =>
      album ? api.invoke('smartAlbums.update', { albumId: album.id, name: name.trim(), rule }) : api.invoke('smartAlbums.create', { name: name.trim(), rule, folderId }),
    onSettled: () => client.invalidateQueries({ queryKey: albumKeys.all() }),
    onSuccess: (result) => {
      if (result.undo) offerSteps(result.undo.label, [result.undo])
      onSaved?.(result.album.id)
      onClose()
    },
  })

  function fromBuilder(next: SmartGroup) {
    setRule(next)
    setText(formatSmartRule(next))
    setTextError(null)
  }

  function fromText(next: string) {
    setText(next)
    const parsed = validateSmartText(next)
    if (parsed.ok) {
      setRule(parsed.rule)
      setTextError(null)
    } else setTextError({ error: parsed.error, position: parsed.position })
  }

  return (
    <ModalForm
      titleId={`${id}-title`}
      title={album ? 'Edit smart album' : 'New smart album'}
      className="smart-album-dialog"
      testId="smart-album-dialog"
      onClose={onClose}
      onSubmit={() => {
        if (name.trim() && valid && !textError) save.mutate()
      }}
    >
      <label className="field-label" htmlFor={`${id}-name`}>
        Name
      </label>
      <input
        id={`${id}-name`}
        autoFocus
        className="text-input"
        data-testid="smart-album-name"
        maxLength={200}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <RuleBuilder rule={rule} onChange={fromBuilder} />
      <label className="field-label" htmlFor={`${id}-text`}>
        As text
      </label>
      <input
        id={`${id}-text`}
        className="text-input smart-text"
        data-testid="smart-album-text"
        spellCheck={false}
        placeholder="person:Anna place:Paris year:2023 rating>=4"
        value={text}
        onChange={(event) => fromText(event.target.value)}
      />
      {textError ? (
        <p className="error-text small" role="alert" data-testid="smart-album-text-error">
          {textError.error} (at character {textError.position + 1})
        </p>
      ) : (
        <p className="muted small">Fields: date, year, place, country, city, near, person, person-only, rating, favorite, tag, ocr, type, folder, album, event… “-field:” for not, “( … OR … )” for groups.</p>
      )}
      <p className="smart-count" data-testid="smart-album-count" data-count={valid && preview.data ? preview.data.count : undefined}>
        {!valid ? 'Fill in every rule to see its photos.' : preview.data ? `${pluralize(preview.data.count, 'photo', 'photos')} match` : 'Counting…'}
      </p>
      {save.isError ? (
        <p className="error-text" role="alert">
          {errorText(save.error)}
        </p>
      ) : null}
      <ModalActions onCancel={onClose} submitTestId="smart-album-save" disabled={!name.trim() || !valid || textError !== null || save.isPending} submitLabel={album ? 'Save' : 'Create smart album'} />
    </ModalForm>
  )
}
