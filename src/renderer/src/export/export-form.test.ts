import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPORT_FORM, exportInput, isAbsolutePath, progressText } from './export-form'

describe('export form', () => {
  it('sends JPEG with size and GPS stripped by default, originals never with stripGps or a size', () => {
    expect(exportInput({ albumId: 3 }, { ...DEFAULT_EXPORT_FORM, to: ' "/home/me/Export" ' })).toEqual({
      input: { source: { albumId: 3 }, to: '/home/me/Export', format: 'jpeg', size: 2048, stripGps: true, zip: false },
    })
    expect(exportInput({ ids: [1, 2] }, { ...DEFAULT_EXPORT_FORM, to: 'C:\\Export', format: 'original', zip: true })).toEqual({
      input: { source: { ids: [1, 2] }, to: 'C:\\Export', format: 'original', stripGps: false, zip: true },
    })
    expect(exportInput({ eventId: 1 }, { ...DEFAULT_EXPORT_FORM, to: '/x', size: null, stripGps: false })).toEqual({
      input: { source: { eventId: 1 }, to: '/x', format: 'jpeg', stripGps: false, zip: false },
    })
    // No metadata at all means no location either.
    expect(exportInput({ eventId: 1 }, { ...DEFAULT_EXPORT_FORM, to: '/x', stripGps: false, stripMetadata: true })).toEqual({
      input: { source: { eventId: 1 }, to: '/x', format: 'jpeg', size: 2048, stripGps: true, stripMetadata: true, zip: false },
    })
    expect(exportInput({ eventId: 1 }, { ...DEFAULT_EXPORT_FORM, to: '/x', format: 'original', stripMetadata: true })).toMatchObject({
      input: { format: 'original', stripGps: false },
    })
  })

  it('asks for a full folder path', () => {
    expect(exportInput({ personId: 1 }, DEFAULT_EXPORT_FORM)).toEqual({ problem: 'Choose the folder to export to' })
    expect(exportInput({ personId: 1 }, { ...DEFAULT_EXPORT_FORM, to: 'Export' })).toMatchObject({ problem: expect.stringMatching(/full path/) })
    expect([isAbsolutePath('/a'), isAbsolutePath('D:/a'), isAbsolutePath('\\\\server\\share'), isAbsolutePath('a/b')]).toEqual([true, true, true, false])
  })

  it('says how a job went', () => {
    const base = { jobId: 'j', total: 3, target: '/out' }
    expect(progressText({ ...base, state: 'running', done: 1 })).toBe('Exporting 1 of 3 photos…')
    expect(
      progressText({ ...base, state: 'done', done: 3, summary: { jobId: 'j', target: '/out', exported: 2, files: [], skipped: [{ assetId: 4, reason: 'no file of this photo can be read now' }] } }),
    ).toBe('Exported 2 photos to /out (1 skipped: no file of this photo can be read now)')
    expect(progressText({ ...base, state: 'cancelled', done: 0 })).toMatch(/cancelled/)
    expect(progressText({ ...base, state: 'failed', done: 0, error: 'disk full' })).toMatch(/failed: disk full/)
  })
})
