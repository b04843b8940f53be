// Smart albums (issue 13): the one rule model shared by the rule builder, the CLI and the text form
// ("person:Anna place:Paris year:2023 rating>=4"). Pure TypeScript + zod. The catalog compiles a rule
// to SQL (src/main/catalog/smart-albums.repository.ts); this file only describes, parses and prints.
import { z } from 'zod'

/** Fields whose value is one text (contains / is, case-insensitive; see each in FIELD_INFO). */
export const TEXT_FIELDS = ['text', 'place', 'country', 'region', 'city', 'make', 'model', 'lens', 'tag', 'ocr', 'description', 'type', 'folder'] as const
export const NUMBER_FIELDS = ['rating', 'iso', 'aperture', 'focal'] as const
export const BOOL_FIELDS = ['favorite', 'hidden', 'gps', 'faces'] as const
/** An album or event, by id (the builder's pick) or by name (typed). */
export const REF_FIELDS = ['album', 'event'] as const
export const DUPLICATE_VALUES = ['any', 'same-bytes', 'same-pixels', 'near', 'similar'] as const
export const NUMBER_OPS = ['eq', 'gt', 'gte', 'lt', 'lte'] as const

export type TextField = (typeof TEXT_FIELDS)[number]
export type NumberField = (typeof NUMBER_FIELDS)[number]
export type BoolField = (typeof BOOL_FIELDS)[number]
export type RefField = (typeof REF_FIELDS)[number]
export type NumberOp = (typeof NUMBER_OPS)[number]

const Text = z.string().trim().min(1).max(500)
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd')
/** `-field:value`: the condition must NOT hold (a photo without the value matches). */
const negate = z.literal(true).optional()

const TextCondition = z.object({ field: z.enum(TEXT_FIELDS), op: z.literal('is'), value: Text, negate }).strict()
const NumberCondition = z.union([
  z.object({ field: z.enum(NUMBER_FIELDS), op: z.enum(NUMBER_OPS), value: z.number().finite().min(0).max(1e6), negate }).strict(),
  z
    .object({ field: z.enum(NUMBER_FIELDS), op: z.literal('between'), value: z.object({ min: z.number().finite().min(0).max(1e6), max: z.number().finite().min(0).max(1e6) }).strict(), negate })
    .strict(),
])
const BoolCondition = z.object({ field: z.enum(BOOL_FIELDS), op: z.literal('is'), value: z.boolean(), negate }).strict()
const DateCondition = z.union([
  z.object({ field: z.literal('date'), op: z.literal('between'), value: z.object({ from: IsoDay, to: IsoDay }).strict(), negate }).strict(),
  z.object({ field: z.literal('date'), op: z.literal('year'), value: z.number().int().min(1800).max(3000), negate }).strict(),
  z.object({ field: z.literal('date'), op: z.literal('lastDays'), value: z.number().int().min(1).max(100_000), negate }).strict(),
  z.object({ field: z.literal('date'), op: z.enum(['thisYear', 'onThisDay']), value: z.null(), negate }).strict(),
])
const NearCondition = z
  .object({
    field: z.literal('near'),
    op: z.literal('within'),
    value: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), km: z.number().positive().max(20_000) }).strict(),
    negate,
  })
  .strict()
const PersonCondition = z.union([
  z.object({ field: z.literal('person'), op: z.literal('with'), value: Text, negate }).strict(),
  /** Photos of these people and nobody else (every face in the photo is one of them). */
  z.object({ field: z.literal('person'), op: z.literal('only'), value: z.array(Text).min(1).max(20), negate }).strict(),
])
const RefCondition = z.object({ field: z.enum(REF_FIELDS), op: z.literal('is'), value: z.union([Text, z.number().int().positive()]), negate }).strict()
const DuplicateCondition = z.object({ field: z.literal('duplicate'), op: z.literal('is'), value: z.enum(DUPLICATE_VALUES), negate }).strict()

export const SmartCondition = z.union([TextCondition, NumberCondition, BoolCondition, DateCondition, NearCondition, PersonCondition, RefCondition, DuplicateCondition])
export type SmartCondition = z.infer<typeof SmartCondition>
export type SmartField = SmartCondition['field']

export type GroupMatch = 'all' | 'any' | 'none'
export interface SmartGroup {
  match: GroupMatch
  rules: SmartRuleItem[]
}
export type SmartRuleItem = SmartCondition | SmartGroup
/** A saved rule is always a group (the builder's top row: all / any / none). */
export type SmartRule = SmartGroup

const MAX_DEPTH = 8
export const SmartGroupSchema: z.ZodType<SmartGroup> = z.lazy(() =>
  z
    .object({
      match: z.enum(['all', 'any', 'none']),
      rules: z.array(z.union([SmartCondition, SmartGroupSchema])).max(100),
    })
    .strict(),
)
export const SmartRuleSchema = SmartGroupSchema.refine((rule) => depthOf(rule) <= MAX_DEPTH, { message: `groups nest at most ${MAX_DEPTH} deep` })

export function isGroup(item: SmartRuleItem): item is SmartGroup {
  return 'match' in item
}

function depthOf(group: SmartGroup): number {
  return 1 + Math.max(0, ...group.rules.filter(isGroup).map(depthOf))
}

/** Every condition of a rule, however deep. */
export function conditionsOf(rule: SmartRuleItem): SmartCondition[] {
  return isGroup(rule) ? rule.rules.flatMap(conditionsOf) : [rule]
}

/**
 * Hidden photos are left out unless the rule names `hidden` (either way: `hidden:no` is as explicit
 * as `hidden:yes`).
 */
export function ruleAsksHidden(rule: SmartRule): boolean {
  return conditionsOf(rule).some((c) => c.field === 'hidden')
}

// ── Text form ──

/** Text keys of the text form: each is one field (and for `year`, `person-only`, one op). */
const KEYS = ['date', 'year', 'place', 'country', 'region', 'city', 'near', 'person', 'person-only', 'make', 'model', 'lens', 'iso', 'aperture', 'focal', 'tag', 'ocr', 'description', 'rating', 'favorite', 'hidden', 'gps', 'faces', 'type', 'folder', 'album', 'event', 'duplicate'] as const
type Key = (typeof KEYS)[number]
const isKey = (k: string): k is Key => (KEYS as readonly string[]).includes(k)

/** What the builder and the help say of each field. */
export const FIELD_INFO: Record<SmartField, { label: string; hint: string }> = {
  text: { label: 'Text (search)', hint: 'words, as the search box finds them' },
  date: { label: 'Date', hint: 'date:2023-01-01..2023-06-30, year:2023, date:last-30-days, date:this-year, date:on-this-day' },
  place: { label: 'Place', hint: 'place:Paris (a city, region, country or place name)' },
  country: { label: 'Country', hint: 'country:France' },
  region: { label: 'Region', hint: 'region:Bavaria' },
  city: { label: 'City', hint: 'city:Paris' },
  near: { label: 'Near', hint: 'near:48.8566,2.3522,10km' },
  person: { label: 'Person', hint: 'person:Anna, -person:Anna, person-only:"Anna, Ben"' },
  make: { label: 'Camera make', hint: 'make:Canon' },
  model: { label: 'Camera model', hint: 'model:"EOS 5D"' },
  lens: { label: 'Lens', hint: 'lens:"50mm"' },
  iso: { label: 'ISO', hint: 'iso<=400, iso:100..800' },
  aperture: { label: 'Aperture (f/)', hint: 'aperture<=2.8' },
  focal: { label: 'Focal length (mm)', hint: 'focal:24..70' },
  tag: { label: 'Tag', hint: 'tag:dog' },
  ocr: { label: 'Text in photo', hint: 'ocr:"exit"' },
  description: { label: 'Description', hint: 'description:birthday' },
  rating: { label: 'Rating', hint: 'rating>=4' },
  favorite: { label: 'Favourite', hint: 'favorite:yes' },
  hidden: { label: 'Hidden', hint: 'hidden:yes' },
  gps: { label: 'Has GPS', hint: 'gps:yes' },
  faces: { label: 'Has faces', hint: 'faces:yes' },
  type: { label: 'File type', hint: 'type:jpeg, type:heic, type:video, type:raw, type:live, type:motion' },
  folder: { label: 'Folder', hint: 'folder:"/photos/2023"' },
  album: { label: 'Album', hint: 'album:"Trip" or album:12' },
  event: { label: 'Event', hint: 'event:"Paris" or event:7' },
  duplicate: { label: 'Duplicate', hint: 'duplicate:any, same-bytes, same-pixels, near, similar' },
}

export class SmartRuleParseError extends Error {
  override name = 'SmartRuleParseError'
  constructor(
    readonly reason: string,
    /** 0-based offset of the character where the problem is. */
    readonly position: number,
  ) {
    super(`${reason} (at character ${position + 1})`)
  }
}

type Token =
  | { kind: '('; pos: number }
  | { kind: ')'; pos: number }
  | { kind: '-'; pos: number }
  | { kind: 'OR'; pos: number }
  | { kind: 'term'; pos: number; key: Key | null; op: string; value: string; quoted: boolean; valuePos: number }

const isSpace = (ch: string) => /\s/.test(ch)
const isStop = (ch: string) => isSpace(ch) || ch === '(' || ch === ')' || ch === '"'

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = ''
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '\\' && i + 1 < text.length) value += text[++i]!
    else if (ch === '"') return { value, end: i + 1 }
    else value += ch
  }
  throw new SmartRuleParseError('unclosed quote', start)
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (isSpace(ch)) {
      i++
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, pos: i })
      i++
    } else if (ch === '-' && i + 1 < text.length && !isSpace(text[i + 1]!) && text[i + 1] !== ')') {
      tokens.push({ kind: '-', pos: i })
      i++
    } else if (ch === '"') {
      const q = readQuoted(text, i)
      tokens.push({ kind: 'term', pos: i, key: null, op: '', value: q.value, quoted: true, valuePos: i })
      i = q.end
    } else {
      const keyMatch = /^([a-zA-Z][a-zA-Z-]*)(>=|<=|:|>|<|=)/.exec(text.slice(i))
      if (keyMatch) {
        const key = keyMatch[1]!.toLowerCase()
        const op = keyMatch[2]!
        if (!isKey(key)) throw new SmartRuleParseError(`unknown field "${keyMatch[1]}" (fields: ${KEYS.join(', ')})`, i)
        const valuePos = i + keyMatch[0].length
        if (text[valuePos] === '"') {
          const q = readQuoted(text, valuePos)
          tokens.push({ kind: 'term', pos: i, key, op, value: q.value, quoted: true, valuePos })
          i = q.end
        } else {
          let end = valuePos
          while (end < text.length && !isStop(text[end]!)) end++
          if (end === valuePos) throw new SmartRuleParseError(`${key}${op} needs a value`, valuePos)
          tokens.push({ kind: 'term', pos: i, key, op, value: text.slice(valuePos, end), quoted: false, valuePos })
          i = end
        }
      } else {
        let end = i
        while (end < text.length && !isStop(text[end]!)) end++
        const word = text.slice(i, end)
        tokens.push(word === 'OR' ? { kind: 'OR', pos: i } : { kind: 'term', pos: i, key: null, op: '', value: word, quoted: false, valuePos: i })
        i = end
      }
    }
  }
  return tokens
}

const YES = ['yes', 'true', '1']
const NO = ['no', 'false', '0']

function numberAt(raw: string, pos: number, what: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new SmartRuleParseError(`${what} expects a number, not "${raw}"`, pos)
  return Number(raw)
}

function validDay(raw: string, pos: number): string {
  const day = raw === '' ? '' : raw
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new SmartRuleParseError(`expected a date yyyy-mm-dd, not "${raw}"`, pos)
  return day
}

/** One `key op value` term as a condition (checked against the schema). */
function conditionOf(t: Extract<Token, { kind: 'term' }>): SmartCondition {
  const { key, op, value, valuePos } = t
  const fail = (reason: string): never => {
    throw new SmartRuleParseError(reason, valuePos)
  }
  const onlyColon = () => {
    if (op !== ':') throw new SmartRuleParseError(`${key} takes ${key}:value, not ${op}`, t.pos)
  }
  if (key === null) return { field: 'text', op: 'is', value }
  let condition: SmartCondition
  switch (key) {
    case 'date': {
      onlyColon()
      const lower = value.toLowerCase()
      const last = /^last-(\d+)-days?$/.exec(lower)
      if (last) condition = { field: 'date', op: 'lastDays', value: Number(last[1]) }
      else if (lower === 'this-year') condition = { field: 'date', op: 'thisYear', value: null }
      else if (lower === 'on-this-day') condition = { field: 'date', op: 'onThisDay', value: null }
      else {
        const [from = '', to] = value.split('..')
        const fromDay = validDay(from, valuePos)
        const toDay = to === undefined ? fromDay : validDay(to, valuePos + from.length + 2)
        if (toDay < fromDay) fail(`the range ends (${toDay}) before it starts (${fromDay})`)
        condition = { field: 'date', op: 'between', value: { from: fromDay, to: toDay } }
      }
      break
    }
    case 'year':
      onlyColon()
      if (!/^\d{4}$/.test(value)) fail(`year expects a year like 2023, not "${value}"`)
      condition = { field: 'date', op: 'year', value: Number(value) }
      break
    case 'near': {
      onlyColon()
      const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?)(km|m)?)?$/.exec(value)
      if (!m) fail(`near expects lat,lon,radius like 48.85,2.35,10km, not "${value}"`)
      const radius = m![3] === undefined ? 1 : Number(m![3]) / (m![4] === 'm' ? 1000 : 1)
      condition = { field: 'near', op: 'within', value: { lat: Number(m![1]), lon: Number(m![2]), km: radius } }
      break
    }
    case 'person':
      onlyColon()
      condition = { field: 'person', op: 'with', value }
      break
    case 'person-only':
      onlyColon()
      condition = { field: 'person', op: 'only', value: value.split(',').map((n) => n.trim()).filter((n) => n !== '') }
      break
    case 'rating':
    case 'iso':
    case 'aperture':
    case 'focal': {
      const range = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)$/.exec(value)
      if (range && op === ':') {
        condition = { field: key, op: 'between', value: { min: Number(range[1]), max: Number(range[2]) } }
      } else {
        const n = numberAt(value, valuePos, key)
        const opName = ({ ':': 'eq', '=': 'eq', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const)[op as ':' | '=' | '>' | '>=' | '<' | '<=']
        condition = { field: key, op: opName, value: n }
      }
      break
    }
    case 'favorite':
    case 'hidden':
    case 'gps':
    case 'faces': {
      onlyColon()
      const lower = value.toLowerCase()
      if (!YES.includes(lower) && !NO.includes(lower)) fail(`${key} expects yes or no, not "${value}"`)
      condition = { field: key, op: 'is', value: YES.includes(lower) }
      break
    }
    case 'album':
    case 'event':
      onlyColon()
      condition = { field: key, op: 'is', value: !t.quoted && /^\d+$/.test(value) ? Number(value) : value }
      break
    case 'duplicate': {
      onlyColon()
      const tier = DUPLICATE_VALUES.find((v) => v === value.toLowerCase())
      if (!tier) fail(`duplicate expects one of ${DUPLICATE_VALUES.join(', ')}, not "${value}"`)
      condition = { field: 'duplicate', op: 'is', value: tier! }
      break
    }
    default:
      onlyColon()
      condition = { field: key, op: 'is', value }
  }
  const checked = SmartCondition.safeParse(condition)
  if (!checked.success) fail(`${key}: ${checked.error.issues[0]?.message ?? 'invalid value'}`)
  return condition
}

/**
 * Parses the text form. Terms side by side must all hold, `OR` between them makes an any-group,
 * `-term` negates a term, `( … )` is a group (an all-group, or an any-group when it holds `OR`), and
 * `-( … OR … )` a none-group. Words without a field are one free-text search.
 */
export function parseSmartRule(text: string): SmartRule {
  const tokens = tokenize(text)
  let i = 0
  type Branch = SmartRuleItem[]

  const allOf = (items: Branch): SmartRuleItem => (items.length === 1 ? items[0]! : { match: 'all', rules: items })
  const groupOf = (branches: Branch[]): SmartGroup =>
    branches.length > 1 ? { match: 'any', rules: branches.map(allOf) } : { match: 'all', rules: branches[0] ?? [] }

  function parseBranches(closing: boolean): Branch[] {
    const branches: Branch[] = [[]]
    for (;;) {
      const t = tokens[i]
      if (!t) {
        if (closing) throw new SmartRuleParseError('missing ")"', text.length)
        break
      }
      if (t.kind === ')') {
        if (!closing) throw new SmartRuleParseError('")" without "("', t.pos)
        break
      }
      if (t.kind === 'OR') {
        if (branches[branches.length - 1]!.length === 0) throw new SmartRuleParseError('OR needs a term on each side', t.pos)
        branches.push([])
        i++
        continue
      }
      branches[branches.length - 1]!.push(parseUnary())
    }
    if (branches.length > 1 && branches[branches.length - 1]!.length === 0) {
      throw new SmartRuleParseError('OR needs a term on each side', tokens[i - 1]?.pos ?? text.length)
    }
    return mergeText(branches)
  }

  function parseUnary(): SmartRuleItem {
    const t = tokens[i]!
    if (t.kind === '-') {
      i++
      const next = tokens[i]
      if (next?.kind === '(') {
        i++
        const branches = parseBranches(true)
        i++
        return { match: 'none', rules: branches.flatMap((b) => (b.length === 0 ? [] : [allOf(b)])) }
      }
      if (next?.kind !== 'term') throw new SmartRuleParseError('"-" must stand right before a term or "("', t.pos)
      i++
      return { ...conditionOf(next), negate: true }
    }
    if (t.kind === '(') {
      i++
      const branches = parseBranches(true)
      i++
      return groupOf(branches)
    }
    if (t.kind === 'term') {
      i++
      return conditionOf(t)
    }
    throw new SmartRuleParseError(`unexpected "${t.kind}"`, t.pos)
  }

  const branches = parseBranches(false)
  const top = groupOf(branches)
  // "(a OR b)" or "-(a)" alone is the rule itself, not an all-group holding it.
  if (top.match === 'all' && top.rules.length === 1 && isGroup(top.rules[0]!)) return top.rules[0]
  return top
}

/** Words side by side (`dog beach`) are one free-text search: the search ranks the phrase as a whole. */
function mergeText(branches: SmartRuleItem[][]): SmartRuleItem[][] {
  return branches.map((items) => {
    const out: SmartRuleItem[] = []
    for (const item of items) {
      const prev = out[out.length - 1]
      if (prev && !isGroup(prev) && !isGroup(item) && prev.field === 'text' && item.field === 'text' && !prev.negate && !item.negate) {
        out[out.length - 1] = { field: 'text', op: 'is', value: `${prev.value} ${item.value}` }
      } else out.push(item)
    }
    return out
  })
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** A value as it can be read back: bare when it is one plain word, else quoted. */
function valueText(value: string): string {
  return /^[^\s()"\\]+$/.test(value) && value !== 'OR' ? value : quote(value)
}

const num = (n: number) => String(n)

function formatCondition(c: SmartCondition): string {
  const neg = c.negate ? '-' : ''
  switch (c.field) {
    case 'text':
      // A bare word that would read as something else (a field, OR, a negation) is quoted.
      return neg + (/^[\p{L}\p{N}_.'’]+$/u.test(c.value) && c.value !== 'OR' && !/\s/.test(c.value) ? c.value : quote(c.value))
    case 'date':
      switch (c.op) {
        case 'between':
          return `${neg}date:${c.value.from === c.value.to ? c.value.from : `${c.value.from}..${c.value.to}`}`
        case 'year':
          return `${neg}year:${c.value}`
        case 'lastDays':
          return `${neg}date:last-${c.value}-days`
        case 'thisYear':
          return `${neg}date:this-year`
        case 'onThisDay':
          return `${neg}date:on-this-day`
      }
      break
    case 'near':
      return `${neg}near:${num(c.value.lat)},${num(c.value.lon)},${num(c.value.km)}km`
    case 'person':
      return c.op === 'with' ? `${neg}person:${valueText(c.value)}` : `${neg}person-only:${valueText(c.value.join(','))}`
    case 'rating':
    case 'iso':
    case 'aperture':
    case 'focal':
      if (c.op === 'between') return `${neg}${c.field}:${num(c.value.min)}..${num(c.value.max)}`
      return `${neg}${c.field}${{ eq: ':', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op]}${num(c.value)}`
    case 'favorite':
    case 'hidden':
    case 'gps':
    case 'faces':
      return `${neg}${c.field}:${c.value ? 'yes' : 'no'}`
    case 'album':
    case 'event':
      return `${neg}${c.field}:${typeof c.value === 'number' ? c.value : /^\d+$/.test(c.value) ? quote(c.value) : valueText(c.value)}`
    case 'duplicate':
      return `${neg}duplicate:${c.value}`
    default:
      return `${neg}${c.field}:${valueText(c.value)}`
  }
}

function formatNested(item: SmartRuleItem): string {
  if (!isGroup(item)) return formatCondition(item)
  const inner = item.rules.map(formatNested)
  if (item.match === 'all') return `(${inner.join(' ')})`
  if (item.match === 'any') return `(${inner.join(' OR ')})`
  return `-(${inner.join(' OR ')})`
}

/** The text form of a rule; parseSmartRule reads it back as the same rule (see normalizeSmartRule). */
export function formatSmartRule(rule: SmartRule): string {
  const inner = rule.rules.map(formatNested)
  if (rule.match === 'all') {
    // One group alone would read back as that group: the extra parentheses keep the all-group.
    return rule.rules.length === 1 && isGroup(rule.rules[0]!) ? `(${inner[0]})` : inner.join(' ')
  }
  if (rule.match === 'any') return rule.rules.length < 2 ? formatSmartRule({ match: 'all', rules: rule.rules }) : inner.join(' OR ')
  return `-(${inner.join(' OR ')})`
}

/**
 * The rule the text form reads back for a rule: an any-group of fewer than two rules is the
 * all-group of them (the same photos), and words side by side are one search phrase.
 */
export function normalizeSmartRule(rule: SmartRule): SmartRule {
  return parseSmartRule(formatSmartRule(rule))
}

/** The text form's answer for a text: the rule, or why not and where. */
export type SmartRuleValidation = { ok: true; rule: SmartRule; text: string } | { ok: false; error: string; position: number }

export function validateSmartText(text: string): SmartRuleValidation {
  try {
    const rule = parseSmartRule(text)
    return { ok: true, rule, text: formatSmartRule(rule) }
  } catch (e) {
    if (e instanceof SmartRuleParseError) return { ok: false, error: e.reason, position: e.position }
    throw e
  }
}

// ── Contract ──

export const SmartAlbumId = z.number().int().positive()

export const SmartAlbumInputs = {
  create: z
    .object({
      name: z.string().trim().min(1).max(200),
      description: z.string().max(5000).optional(),
      folderId: z.number().int().positive().nullable().optional(),
      rule: SmartRuleSchema,
    })
    .strict(),
  update: z
    .object({
      albumId: SmartAlbumId,
      name: z.string().trim().min(1).max(200).optional(),
      rule: SmartRuleSchema.optional(),
    })
    .strict(),
  delete: z.object({ albumId: SmartAlbumId }).strict(),
  get: z.object({ albumId: SmartAlbumId }).strict(),
  photos: z.object({ albumId: SmartAlbumId, offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }).strict(),
  /** The text form → rule (or the error and its position), for the builder's text box. */
  validate: z.object({ text: z.string().max(5000) }).strict(),
  /** How many photos a rule (not yet saved) matches: the builder's live count. */
  preview: z.object({ rule: SmartRuleSchema }).strict(),
} as const
