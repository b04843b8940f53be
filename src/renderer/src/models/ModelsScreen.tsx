// The on-device models: which are installed, where from, on which device they ran; verify, remove,
// or import one from a folder (there is no download here: models come from folders or npm packages).
import { useId, useState, type FormEvent } from 'react'
import type { ModelInfo } from '../../../shared/domain'
import { useImportModel, useModels, useRemoveModel, useVerifyModel } from '../api'
import { errorText, useNotify } from '../app/notices'
import { formatFileSize } from '../lib/format'
import { isClipModel } from '../lib/models'
import { normalizeTypedPath } from '../lib/typed-path'

export function ModelsScreen() {
  const models = useModels()
  const list = models.data ?? []
  const clipMissing = list.some((m) => isClipModel(m) && !m.installed)

  return (
    <div className="page" data-testid="models-screen">
      <header className="page-header">
        <h1>Models</h1>
        <span className="muted">{models.data ? `${list.filter((m) => m.installed).length} of ${list.length} installed` : ''}</span>
      </header>
      {clipMissing ? (
        <div className="callout" data-testid="clip-note">
          <strong>CLIP models are not installed.</strong> Search uses tags and the words around your photos (file and folder names, text
          read in them) until one is added. Import a CLIP model from a folder below to search by what photos look like.
        </div>
      ) : null}
      {models.isError ? <p className="error-text page-message">Could not list models: {errorText(models.error)}</p> : null}
      {models.isPending ? <p className="muted page-message">Loading models…</p> : null}
      {list.length > 0 ? (
        <section className="page-section">
          <table className="data-table" data-testid="models-table">
            <thead>
              <tr>
                <th>Model</th>
                <th>Task</th>
                <th>Status</th>
                <th className="num">Size</th>
                <th>Location</th>
                <th>Device</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((model) => (
                <ModelRow key={model.id} model={model} />
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {list.length > 0 ? <ImportForm models={list} /> : null}
    </div>
  )
}

function ModelRow({ model }: { model: ModelInfo }) {
  const verify = useVerifyModel()
  const remove = useRemoveModel()
  const notify = useNotify()
  const [confirmRemove, setConfirmRemove] = useState(false)
  const result = verify.data

  async function doRemove() {
    setConfirmRemove(false)
    try {
      const { removed } = await remove.mutateAsync(model.id)
      notify('info', removed ? `Removed ${model.id}` : `${model.id} is not a copy PhotoHouse installed (bundled, environment and npm copies stay)`)
    } catch (error) {
      notify('error', `Could not remove ${model.id}: ${errorText(error)}`)
    }
  }

  return (
    <tr data-testid="model-row" data-model-id={model.id} data-installed={model.installed}>
      <td>
        <div className="mono">{model.id}</div>
        <div className="muted small">
          {model.version} · {model.license}
        </div>
      </td>
      <td className="mono nowrap">{model.task}</td>
      <td>
        <span className={model.installed ? 'badge state-ok' : 'badge'} data-testid="model-status">
          {model.installed ? 'installed' : 'not installed'}
        </span>
        {result ? (
          <div className={result.ok ? 'small ok-text' : 'small error-text'} data-testid="model-verify-result">
            {result.message}
          </div>
        ) : null}
        {verify.isError ? <div className="small error-text">{errorText(verify.error)}</div> : null}
      </td>
      <td className="num">{model.sizeBytes > 0 ? formatFileSize(model.sizeBytes) : '–'}</td>
      <td>
        {model.location ? (
          <span className="path small" title={model.location}>
            {model.location}
          </span>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
      <td className="mono">{model.device ?? <span className="muted">–</span>}</td>
      <td>
        <div className="row-actions">
          <button type="button" className="button small" data-testid="model-verify" disabled={!model.installed || verify.isPending} onClick={() => verify.mutate(model.id)}>
            {verify.isPending ? 'Verifying…' : 'Verify'}
          </button>
          {confirmRemove ? (
            <>
              <button type="button" className="button small danger" data-testid="model-remove-confirm" disabled={remove.isPending} onClick={doRemove}>
                Remove
              </button>
              <button type="button" className="button small" onClick={() => setConfirmRemove(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button small" data-testid="model-remove" disabled={!model.installed || remove.isPending} onClick={() => setConfirmRemove(true)}>
              Remove
            </button>
          )}
        </div>
      </td>
    </tr>
  )
}

function ImportForm({ models }: { models: ModelInfo[] }) {
  const importModel = useImportModel()
  const notify = useNotify()
  const id = useId()
  // Missing models first: that is what one usually imports.
  const choices = [...models].sort((a, b) => Number(a.installed) - Number(b.installed) || a.id.localeCompare(b.id))
  const [modelId, setModelId] = useState(choices[0]?.id ?? '')
  const [folder, setFolder] = useState('')
  const path = normalizeTypedPath(folder)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!modelId || !path) return
    try {
      const model = await importModel.mutateAsync({ id: modelId, folder: path })
      notify('info', `Imported ${model.id}${model.location ? ` into ${model.location}` : ''}`)
      setFolder('')
    } catch {
      // Shown inline under the form.
    }
  }

  return (
    <section className="page-section">
      <div className="section-title">
        <h3>Import from folder…</h3>
      </div>
      <form className="import-form" data-testid="model-import-form" onSubmit={submit}>
        <label htmlFor={`${id}-model`} className="field-label">
          Model
        </label>
        <select id={`${id}-model`} className="text-input" data-testid="model-import-id" value={modelId} onChange={(event) => setModelId(event.target.value)}>
          {choices.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id} ({m.task}){m.installed ? ' · installed' : ''}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-folder`} className="field-label">
          Folder with the model files
        </label>
        <input
          id={`${id}-folder`}
          className="text-input"
          data-testid="model-import-folder"
          placeholder="/home/me/Downloads/clip-vit-b32"
          spellCheck={false}
          autoComplete="off"
          value={folder}
          onChange={(event) => {
            setFolder(event.target.value)
            if (importModel.isError) importModel.reset()
          }}
        />
        <div className="modal-actions">
          <button type="submit" className="button primary" data-testid="model-import-submit" disabled={!path || !modelId || importModel.isPending}>
            {importModel.isPending ? 'Importing…' : 'Import'}
          </button>
        </div>
        {importModel.isError ? (
          <p className="error-text" data-testid="model-import-error" role="alert">
            {errorText(importModel.error)}
          </p>
        ) : null}
        <p className="muted small">The files are checked against their known checksums and copied into PhotoHouse's own models folder.</p>
      </form>
    </section>
  )
}
