import { describe, expect, it } from 'vitest'
import { codecName, formatDuration, formatVideoFacts } from './video'

describe('formatDuration', () => {
  it('writes minutes and seconds, hours when there are any', () => {
    expect(formatDuration(3067)).toBe('0:03')
    expect(formatDuration(400)).toBe('0:01')
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(760_000)).toBe('12:40')
    expect(formatDuration(3_723_000)).toBe('1:02:03')
    expect(formatDuration(null)).toBe('Video')
  })
})

describe('the info panel line of a video', () => {
  it('names codecs as people do', () => {
    expect(['h264', 'hevc', 'vp8', 'h263', 'pcm_s16le', 'amr_nb', 'aac', 'theora'].map(codecName)).toEqual(['H.264', 'HEVC', 'VP8', 'H.263', 'PCM', 'AMR', 'AAC', 'THEORA'])
  })

  it('says length, codec, frame rate and sound', () => {
    expect(formatVideoFacts(5000, { videoCodec: 'h264', audioCodec: 'aac', frameRate: 30000 / 1001 })).toBe('0:05 · H.264 · 29.97 fps · AAC sound')
    expect(formatVideoFacts(4500, { videoCodec: 'vp9', audioCodec: null, frameRate: 25 })).toBe('0:05 · VP9 · 25 fps · no sound')
    expect(formatVideoFacts(2067, { videoCodec: 'msmpeg4v3', audioCodec: 'mp3', frameRate: null })).toBe('0:02 · MS MPEG-4 v3 · MP3 sound')
    // Listed while ffmpeg was missing: nothing is known yet.
    expect(formatVideoFacts(null, { videoCodec: null, audioCodec: null, frameRate: null })).toBeNull()
  })
})
