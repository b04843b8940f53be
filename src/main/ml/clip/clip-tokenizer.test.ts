import { beforeAll, describe, expect, it } from 'vitest'
import { loadClipTokenizer, type ClipTokenizer } from './clip-tokenizer'
import { clipTokenizerDir } from './test-support/models-dir'

const START = 49406
const END = 49407

let tokenizer: ClipTokenizer
beforeAll(async () => {
  tokenizer = await loadClipTokenizer(clipTokenizerDir())
})

describe('CLIP tokenizer (real ViT-B/32 vocabulary)', () => {
  it('encodes "a photo of a cat" exactly like the reference, padded to 77', () => {
    const { ids, attentionMask } = tokenizer.encode('a photo of a cat')
    expect(ids).toHaveLength(77)
    expect(ids.slice(0, 7)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407])
    expect(ids.slice(7).every((id) => id === tokenizer.padId)).toBe(true)
    expect(tokenizer.padId).toBe(END)
    expect(attentionMask).toEqual([...new Array<number>(7).fill(1), ...new Array<number>(70).fill(0)])
  })

  it('lower-cases and collapses whitespace like CLIP', () => {
    expect(tokenizer.encode('  A  PHOTO of a\tCat ').ids).toEqual(tokenizer.encode('a photo of a cat').ids)
  })

  it('truncates long text to 77 ids, keeping the start and the end token', () => {
    const { ids, attentionMask } = tokenizer.encode('cat '.repeat(200))
    expect(ids).toHaveLength(77)
    expect(ids[0]).toBe(START)
    expect(ids.slice(1, 76)).toEqual(new Array<number>(75).fill(2368))
    expect(ids[76]).toBe(END)
    expect(attentionMask.every((m) => m === 1)).toBe(true)
  })

  it('encodes an empty query as start + end', () => {
    expect(tokenizer.encode('').ids.slice(0, 3)).toEqual([START, END, END])
    expect(tokenizer.encode('').attentionMask.slice(0, 3)).toEqual([1, 1, 0])
  })

  it('handles accents, CJK and emoji without throwing (byte-level BPE)', () => {
    const { ids } = tokenizer.encode('café 東京 🐱')
    expect(ids).toHaveLength(77)
    expect(ids.filter((id) => id !== END).length).toBeGreaterThan(4)
  })

  it('fails clearly for a folder without tokenizer files', async () => {
    await expect(loadClipTokenizer('/nonexistent/clip')).rejects.toThrow(/cannot read .*tokenizer\.json/)
  })
})
