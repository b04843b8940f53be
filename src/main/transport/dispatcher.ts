import type { z } from 'zod'
import { contract, type CallName, type CallOutput, type Contract } from '../../shared/contract'
import { AlbumsInputError } from '../albums'

export type ContractHandlers = {
  [N in CallName]: (input: z.output<Contract[N]['input']>) => Promise<CallOutput<N>> | CallOutput<N>
}

/** An error the caller caused (unknown call, invalid input): reported as 4xx, never as a crash. */
export class ContractError extends Error {
  constructor(
    readonly code: 'unknown-call' | 'invalid-input' | 'not-found' | 'invalid-folder' | 'unsupported',
    message: string,
  ) {
    super(message)
    this.name = 'ContractError'
  }
}

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name)
}

/**
 * The single entry point both transports use: look the call up, validate its input with the
 * contract's zod schema, run the handler.
 */
export function createDispatcher(handlers: ContractHandlers) {
  return async function dispatch(name: string, rawInput: unknown): Promise<unknown> {
    if (!isCallName(name)) throw new ContractError('unknown-call', `Unknown call: ${name}`)
    const parsed = contract[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')
      throw new ContractError('invalid-input', `Invalid input for ${name}: ${detail}`)
    }
    const handler = handlers[name] as (input: unknown) => unknown
    return await handler(parsed.data)
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>

/** Maps any thrown error to what a client may see. */
export function toWireError(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof ContractError) return { status: error.code === 'not-found' ? 404 : 400, code: error.code, message: error.message }
  // Album refusals carry their own code and status (see ALBUM_ERROR_CODES in src/shared/albums.ts).
  if (error instanceof AlbumsInputError) return { status: error.status, code: error.code, message: error.message }
  const e = error instanceof Error ? error : new Error(String(error))
  const code = (e as { code?: unknown }).code
  // A folder or backup the caller named that cannot be used: the caller's to fix, not a crash.
  if (code === 'invalid-folder' || code === 'invalid-backup') return { status: 400, code, message: e.message }
  return { status: 500, code: 'internal', message: e.message }
}
