import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Tokenizer } from '@huggingface/tokenizers'

/**
 * CLIP's text tokenizer, loaded from the model's own `tokenizer.json` (byte-level BPE,
 * lower-casing, whitespace cleanup) by Hugging Face's pure-JS tokenizers library, so the ids
 * match the Python reference exactly. This module only adds CLIP's fixed-length framing:
 * `<|startoftext|> … <|endoftext|>` truncated/padded to the context length (77).
 */

export interface ClipTokens {
  /** Exactly `contextLength` ids: start, text tokens, end, then padding. */
  ids: number[]
  /** 1 for start/text/end positions, 0 for padding (what HF exports take as attention_mask). */
  attentionMask: number[]
}

export interface ClipTokenizer {
  readonly contextLength: number
  readonly startId: number
  readonly endId: number
  readonly padId: number
  encode(text: string): ClipTokens
}

// A search box never needs more; it also bounds BPE time on pasted novels. 77 tokens of
// BPE cover far fewer characters than this, so the cut never changes the kept tokens.
const MAX_TEXT_CHARS = 4096

type TokenSpec = string | { content: string } | undefined

interface TokenizerConfigJson {
  bos_token?: TokenSpec
  eos_token?: TokenSpec
  pad_token?: TokenSpec
  model_max_length?: number
}

function tokenContent(spec: TokenSpec, fallback: string): string {
  if (typeof spec === 'string') return spec
  return spec?.content ?? fallback
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch (error) {
    throw new Error(`CLIP tokenizer: cannot read ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/** Loads `tokenizer.json` + `tokenizer_config.json` from a local model folder (no network). */
export async function loadClipTokenizer(dir: string, options: { contextLength?: number } = {}): Promise<ClipTokenizer> {
  const tokenizerJson = await readJson(join(dir, 'tokenizer.json'))
  const config = (await readJson(join(dir, 'tokenizer_config.json'))) as TokenizerConfigJson
  const tokenizer = new Tokenizer(tokenizerJson as object, config)

  const idOf = (spec: TokenSpec, fallback: string): number => {
    const content = tokenContent(spec, fallback)
    const id = tokenizer.token_to_id(content)
    if (id === undefined) throw new Error(`CLIP tokenizer: token ${content} is not in the vocabulary of ${dir}`)
    return id
  }
  const startId = idOf(config.bos_token, '<|startoftext|>')
  const endId = idOf(config.eos_token, '<|endoftext|>')
  // HF pads with the end token; OpenAI's reference pads with 0. Both encoders read the
  // embedding at the first end token behind a causal mask, so padding never changes the result.
  const padId = config.pad_token === undefined ? endId : idOf(config.pad_token, '<|endoftext|>')
  const contextLength = options.contextLength ?? config.model_max_length ?? 77
  if (!Number.isInteger(contextLength) || contextLength < 2 || contextLength > 4096) {
    throw new Error(`CLIP tokenizer: unusable context length ${contextLength}`)
  }

  return {
    contextLength,
    startId,
    endId,
    padId,
    encode(text: string): ClipTokens {
      if (typeof text !== 'string') throw new Error('CLIP tokenizer: text must be a string')
      // The tokenizer's post-processor already frames the text as start … end.
      let ids = tokenizer.encode(text.slice(0, MAX_TEXT_CHARS)).ids
      if (ids[0] !== startId || ids[ids.length - 1] !== endId) {
        throw new Error('CLIP tokenizer: tokenizer.json does not add start/end tokens; is this a CLIP tokenizer?')
      }
      // Truncate like HF (truncation=True): keep the start, the first tokens, and always the end token.
      if (ids.length > contextLength) ids = [...ids.slice(0, contextLength - 1), endId]
      const used = ids.length
      const padded = ids.concat(new Array<number>(contextLength - used).fill(padId))
      const attentionMask = Array.from({ length: contextLength }, (_, i) => (i < used ? 1 : 0))
      return { ids: padded, attentionMask }
    },
  }
}
