import { describe, expect, it } from 'vitest'
import {
  formatSmartRule,
  isGroup,
  parseSmartRule,
  ruleAsksHidden,
  SmartRuleParseError,
  SmartRuleSchema,
  validateSmartText,
  type SmartCondition,
  type SmartGroup,
  type SmartRuleItem,
} from './smart-albums'

describe('smart album text form', () => {
  it('reads the typical rule as an all-group of its fields', () => {
    expect(parseSmartRule('person:Anna place:Paris year:2023 rating>=4')).toEqual({
      match: 'all',
      rules: [
        { field: 'person', op: 'with', value: 'Anna' },
        { field: 'place', op: 'is', value: 'Paris' },
        { field: 'date', op: 'year', value: 2023 },
        { field: 'rating', op: 'gte', value: 4 },
      ],
    })
  })

  it('reads quoted values, -field: negation, OR groups and none-groups', () => {
    expect(parseSmartRule('place:"New York" -person:Anna (tag:dog OR tag:cat) -(make:Canon OR make:Nikon)')).toEqual({
      match: 'all',
      rules: [
        { field: 'place', op: 'is', value: 'New York' },
        { field: 'person', op: 'with', value: 'Anna', negate: true },
        { match: 'any', rules: [{ field: 'tag', op: 'is', value: 'dog' }, { field: 'tag', op: 'is', value: 'cat' }] },
        { match: 'none', rules: [{ field: 'make', op: 'is', value: 'Canon' }, { field: 'make', op: 'is', value: 'Nikon' }] },
      ],
    })
    // OR binds looser than side-by-side terms.
    expect(parseSmartRule('favorite:yes year:2023 OR rating:5')).toEqual({
      match: 'any',
      rules: [
        { match: 'all', rules: [{ field: 'favorite', op: 'is', value: true }, { field: 'date', op: 'year', value: 2023 }] },
        { field: 'rating', op: 'eq', value: 5 },
      ],
    })
  })

  it('reads every field', () => {
    const rule = parseSmartRule(
      'date:2023-01-01..2023-06-30 date:2024-02-29 date:last-30-days date:this-year date:on-this-day country:France region:Bavaria city:Paris ' +
        'near:48.8566,2.3522,10km person-only:"Anna, Ben" make:Canon model:"EOS 5D" lens:50mm iso:100..800 aperture<=2.8 focal>35 ' +
        'ocr:"exit" description:birthday favorite:no hidden:yes gps:yes faces:no type:heic folder:"/photos/My trip" album:12 album:"12" ' +
        'event:Paris duplicate:near "dog on the beach"',
    )
    expect(rule.rules).toEqual([
      { field: 'date', op: 'between', value: { from: '2023-01-01', to: '2023-06-30' } },
      { field: 'date', op: 'between', value: { from: '2024-02-29', to: '2024-02-29' } },
      { field: 'date', op: 'lastDays', value: 30 },
      { field: 'date', op: 'thisYear', value: null },
      { field: 'date', op: 'onThisDay', value: null },
      { field: 'country', op: 'is', value: 'France' },
      { field: 'region', op: 'is', value: 'Bavaria' },
      { field: 'city', op: 'is', value: 'Paris' },
      { field: 'near', op: 'within', value: { lat: 48.8566, lon: 2.3522, km: 10 } },
      { field: 'person', op: 'only', value: ['Anna', 'Ben'] },
      { field: 'make', op: 'is', value: 'Canon' },
      { field: 'model', op: 'is', value: 'EOS 5D' },
      { field: 'lens', op: 'is', value: '50mm' },
      { field: 'iso', op: 'between', value: { min: 100, max: 800 } },
      { field: 'aperture', op: 'lte', value: 2.8 },
      { field: 'focal', op: 'gt', value: 35 },
      { field: 'ocr', op: 'is', value: 'exit' },
      { field: 'description', op: 'is', value: 'birthday' },
      { field: 'favorite', op: 'is', value: false },
      { field: 'hidden', op: 'is', value: true },
      { field: 'gps', op: 'is', value: true },
      { field: 'faces', op: 'is', value: false },
      { field: 'type', op: 'is', value: 'heic' },
      { field: 'folder', op: 'is', value: '/photos/My trip' },
      { field: 'album', op: 'is', value: 12 },
      { field: 'album', op: 'is', value: '12' },
      { field: 'event', op: 'is', value: 'Paris' },
      { field: 'duplicate', op: 'is', value: 'near' },
      { field: 'text', op: 'is', value: 'dog on the beach' },
    ])
    expect(SmartRuleSchema.safeParse(rule).success).toBe(true)
    expect(ruleAsksHidden(rule)).toBe(true)
    expect(ruleAsksHidden(parseSmartRule('favorite:yes'))).toBe(false)
  })

  it('says what is wrong and where', () => {
    const cases: [string, RegExp, number][] = [
      ['person:Anna colour:red', /unknown field "colour"/, 12],
      ['rating>=high', /rating expects a number/, 8],
      ['place:"Paris', /unclosed quote/, 6],
      ['(tag:dog OR tag:cat', /missing "\)"/, 19],
      ['tag:dog)', /"\)" without "\("/, 7],
      ['tag:dog OR', /OR needs a term on each side/, 8],
      ['year:23', /year expects a year/, 5],
      ['date:2023-02-30..2023-01-01', /ends .* before it starts|expected a date/, 5],
      ['favorite:maybe', /yes or no/, 9],
      ['person:', /needs a value/, 7],
      ['person>Anna', /takes person:value/, 0],
      ['near:north', /near expects/, 5],
    ]
    for (const [text, reason, position] of cases) {
      const result = validateSmartText(text)
      expect(result.ok, text).toBe(false)
      if (!result.ok) {
        expect(result.error, text).toMatch(reason)
        expect(result.position, text).toBe(position)
      }
    }
    expect(() => parseSmartRule('tag:')).toThrow(SmartRuleParseError)
    expect(() => parseSmartRule('tag:')).toThrow(/at character 5/)
  })

  it('formats the canonical text, which reads back unchanged', () => {
    const texts = [
      'person:Anna place:Paris year:2023 rating>=4',
      'place:"New York" -person:Anna (tag:dog OR tag:cat) -(make:Canon OR make:Nikon)',
      '((a b) OR c)',
      'favorite:yes year:2023 OR rating:5',
      '-(tag:dog)',
      '(-(tag:dog))',
      '((tag:dog OR tag:cat))',
      '',
      'album:"12" event:7 "a \\"quoted\\" word" -"OR"',
      'person-only:"Anna Smith,Ben"',
    ]
    for (const text of texts) {
      const once = formatSmartRule(parseSmartRule(text))
      expect(formatSmartRule(parseSmartRule(once)), text).toBe(once)
      expect(parseSmartRule(once), text).toEqual(parseSmartRule(text))
    }
    expect(formatSmartRule(parseSmartRule('person:Anna   place:Paris  year:2023 rating>=4'))).toBe('person:Anna place:Paris year:2023 rating>=4')
  })

  it('round-trips random builder-made rules (parse(format(rule)) equals the rule) and random texts stay stable', () => {
    const random = seeded(13)
    for (let n = 0; n < 500; n++) {
      const rule = randomGroup(random, 0)
      expect(SmartRuleSchema.safeParse(rule).success).toBe(true)
      const text = formatSmartRule(rule)
      expect(parseSmartRule(text), text).toEqual(rule)
    }
    const pieces = ['tag:dog', 'OR', '(', ')', '-', 'rating>=3', '"new york"', 'beach', 'year:2020', '-(', 'person:Anna', 'favorite:yes']
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join(' ')
      const result = validateSmartText(text)
      if (!result.ok) continue
      expect(formatSmartRule(parseSmartRule(result.text)), text).toBe(result.text)
    }
  })
})

function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const NAMES = ['Anna', 'Ben Smith', 'Zoë', 'O"Neil', '12', 'OR', 'a(b)', 'x-y']
function randomCondition(random: () => number): SmartCondition {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const name = pick(NAMES)
  const negate = random() < 0.2 ? ({ negate: true } as const) : {}
  const options: SmartCondition[] = [
    { field: 'person', op: 'with', value: name },
    { field: 'person', op: 'only', value: [pick(['Anna', 'Ben Smith']), 'Carl'] },
    { field: 'place', op: 'is', value: name },
    { field: 'city', op: 'is', value: pick(['Paris', 'New York']) },
    { field: 'date', op: 'year', value: 2000 + Math.floor(random() * 25) },
    { field: 'date', op: 'between', value: { from: '2021-03-04', to: pick(['2021-03-04', '2022-01-31']) } },
    { field: 'date', op: 'lastDays', value: 1 + Math.floor(random() * 400) },
    { field: 'date', op: 'onThisDay', value: null },
    { field: 'rating', op: pick(['eq', 'gt', 'gte', 'lt', 'lte'] as const), value: Math.floor(random() * 6) },
    { field: 'aperture', op: 'between', value: { min: 1.4, max: 2.8 } },
    { field: 'favorite', op: 'is', value: random() < 0.5 },
    { field: 'near', op: 'within', value: { lat: -33.8688, lon: 151.2093, km: 2.5 } },
    { field: 'album', op: 'is', value: random() < 0.5 ? 3 : name },
    { field: 'event', op: 'is', value: pick([7, 'Paris, 10 June 2023']) },
    { field: 'duplicate', op: 'is', value: 'same-pixels' },
    { field: 'text', op: 'is', value: pick(['dog', 'dog on the beach', 'OR', 'tag:dog', '-x']) },
    { field: 'folder', op: 'is', value: 'C:\\Photos\\My "best"' },
  ]
  return { ...pick(options), ...negate } as SmartCondition
}

function randomGroup(random: () => number, depth: number): SmartGroup {
  const match = (['all', 'any', 'none'] as const)[Math.floor(random() * 3)]!
  const size = match === 'any' ? 2 + Math.floor(random() * 3) : Math.floor(random() * 4)
  const rules: SmartRuleItem[] = []
  for (let i = 0; i < size; i++) {
    const item = depth < 3 && random() < 0.25 ? randomGroup(random, depth + 1) : randomCondition(random)
    // Words side by side read as one phrase: the builder's text rows are one search each, so two
    // plain text rows in a row are not builder-made (see normalizeSmartRule).
    const prev = rules[rules.length - 1]
    if (prev && !isGroup(prev) && !isGroup(item) && prev.field === 'text' && item.field === 'text' && !prev.negate && !item.negate) continue
    rules.push(item)
  }
  if (match === 'any' && rules.length < 2) return { match: 'all', rules }
  return { match, rules }
}
