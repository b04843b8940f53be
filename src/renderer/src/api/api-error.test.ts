import { describe, expect, it } from 'vitest'
import { ApiError, isUnauthorized, parseEventMessage, unwrapEnvelope } from './api-error'
import { createHttpApi, eventsUrlFor, facePath, mediaPath } from './http-client'

describe('unwrapEnvelope', () => {
  it('returns the value of an ok envelope', () => {
    expect(unwrapEnvelope(200, { ok: true, value: [1, 2] })).toEqual([1, 2])
    expect(unwrapEnvelope(200, { ok: true, value: null })).toBeNull()
  })
  it('throws the server error with its code and status', () => {
    let caught: unknown
    try {
      unwrapEnvelope(400, { ok: false, error: { code: 'invalid_input', message: 'paths: too short' } })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ApiError)
    expect(caught).toMatchObject({ code: 'invalid_input', message: 'paths: too short', status: 400 })
    expect(isUnauthorized(caught)).toBe(false)
    expect(isUnauthorized(new ApiError('unauthorized', 'no cookie', 401))).toBe(true)
  })
  it('rejects anything else clearly', () => {
    expect(() => unwrapEnvelope(502, '<html>Bad gateway</html>')).toThrow(/Unexpected response.*502/)
    expect(() => unwrapEnvelope(200, { ok: true })).toThrow(ApiError)
  })
})

describe('parseEventMessage', () => {
  it('accepts known events only', () => {
    expect(parseEventMessage('{"event":"library.changed","payload":{"reason":"import"}}')).toEqual({
      event: 'library.changed',
      payload: { reason: 'import' },
    })
    expect(parseEventMessage('{"event":"people.changed","payload":{"reason":"edit"}}')).toEqual({
      event: 'people.changed',
      payload: { reason: 'edit' },
    })
    expect(parseEventMessage('{"event":"albums.changed","payload":{"reason":"edit","albumIds":[3]}}')).toEqual({
      event: 'albums.changed',
      payload: { reason: 'edit', albumIds: [3] },
    })
    expect(parseEventMessage('{"event":"nope","payload":1}')).toBeNull()
    expect(parseEventMessage('{"event":"tasks.progress"}')).toBeNull()
    expect(parseEventMessage('not json')).toBeNull()
    expect(parseEventMessage(42)).toBeNull()
  })
})

describe('URLs', () => {
  it('derives the events socket URL from the page origin', () => {
    expect(eventsUrlFor('http://127.0.0.1:5199')).toBe('ws://127.0.0.1:5199/events')
    expect(eventsUrlFor('https://photos.local')).toBe('wss://photos.local/events')
  })
  it('addresses thumbnails by hash and originals by asset id', () => {
    const asset = { id: 7, sha256: 'ab'.repeat(32) }
    expect(mediaPath('grid', asset)).toBe(`/media/grid/${asset.sha256}`)
    expect(mediaPath('preview', asset)).toBe(`/media/preview/${asset.sha256}`)
    expect(mediaPath('original', asset)).toBe('/media/original/7')
    expect(mediaPath('motion', asset)).toBe('/media/motion/7')
  })
  it('addresses face crops by face id, on the page origin or a given one', () => {
    expect(facePath({ id: 42, cropKey: '0a1b' })).toBe('/media/face/42-0a1b')
    expect(createHttpApi({ origin: 'http://127.0.0.1:5399' }).faceUrl({ id: 42, cropKey: '0a1b' })).toBe('http://127.0.0.1:5399/media/face/42-0a1b')
  })
})
