import type { PhotoHouseApp } from '../app'
import { appVersion } from '../platform/app-root'
import type { ContractHandlers } from './dispatcher'

export interface ShellCapabilities {
  mode: 'electron' | 'browser'
  /** The native folder picker; absent in browser mode. */
  pickFolders?: () => Promise<string[]>
}

/** Thin handlers: each call goes to one service or repository method. */
export function createContractHandlers(app: PhotoHouseApp, shell: ShellCapabilities): ContractHandlers {
  const { assets, tasks } = app.repositories
  return {
    'app.info': () => ({ version: appVersion(), libraryDir: app.libraryDir, mode: shell.mode }),
    'roots.list': () => app.library.list(),
    'roots.add': ({ paths }) => app.library.addRoots(paths),
    'roots.remove': async ({ rootId }) => ({ removed: await app.library.removeRoot(rootId) }),
    'dialog.pickFolders': async () =>
      shell.pickFolders ? { supported: true, paths: await shell.pickFolders() } : { supported: false, paths: [] },
    'assets.timeline': () => assets.timeline(),
    'assets.page': ({ offset, limit }) => assets.page(offset, limit),
    'assets.get': ({ assetId }) => {
      const asset = assets.get(assetId)
      return asset && { ...asset, ocr: app.repositories.analysis.ocrOf(assetId) }
    },
    'assets.broken': () => assets.broken(),
    'search.query': ({ text, limit, filters }) =>
      app.search.query(text, {
        limit,
        filters: {
          dateRanges: filters?.from || filters?.to ? [{ from: filters.from ?? '0001-01-01', to: filters.to ?? '9999-12-31' }] : [],
          cameras: filters?.cameras,
          folders: filters?.folders,
        },
      }),
    'search.similar': ({ assetId, limit }) => app.search.similar(assetId, limit),
    'search.suggest': ({ prefix }) => app.search.suggest(prefix),
    'tasks.stats': () => app.stats(),
    'tasks.list': ({ states, limit }) => tasks.list(states, limit),
    'tasks.retry': ({ taskId }) => {
      const requeued = tasks.requeue(taskId)
      app.runner.wake()
      return { requeued }
    },
    'tasks.cancel': ({ taskId }) => {
      const cancelled = tasks.cancel(taskId)
      app.runner.wake()
      return { cancelled }
    },
  }
}
