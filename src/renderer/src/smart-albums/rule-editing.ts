// What the rule builder's rows offer: per field, the operators a person picks from, and the
// condition each makes (with a sensible first value). Pure: the builder and its tests share it.
import {
  BOOL_FIELDS,
  DUPLICATE_VALUES,
  FIELD_INFO,
  isGroup,
  NUMBER_FIELDS,
  type SmartCondition,
  type SmartField,
  type SmartGroup,
  type SmartRuleItem,
} from '../../../shared/smart-albums'

/** The fields in the order the builder lists them. */
export const BUILDER_FIELDS: SmartField[] = [
  'date', 'place', 'country', 'region', 'city', 'near', 'person', 'favorite', 'rating', 'hidden', 'tag', 'text', 'ocr', 'description',
  'make', 'model', 'lens', 'iso', 'aperture', 'focal', 'type', 'gps', 'faces', 'folder', 'album', 'event', 'duplicate',
]

export const fieldLabel = (field: SmartField) => FIELD_INFO[field].label

/** An operator of a row: its key (the select's value) and label. */
export interface OperatorChoice {
  key: string
  label: string
}

const NUMBER_OPS: OperatorChoice[] = [
  { key: 'eq', label: '=' },
  { key: 'gte', label: '≥' },
  { key: 'gt', label: '>' },
  { key: 'lte', label: '≤' },
  { key: 'lt', label: '<' },
  { key: 'between', label: 'between' },
]
const IS: OperatorChoice[] = [
  { key: 'is', label: 'is' },
  { key: 'not', label: 'is not' },
]

export function operatorsOf(field: SmartField): OperatorChoice[] {
  if (field === 'date') {
    return [
      { key: 'year', label: 'in year' },
      { key: 'between', label: 'between' },
      { key: 'lastDays', label: 'in the last … days' },
      { key: 'thisYear', label: 'this year' },
      { key: 'onThisDay', label: 'on this day (earlier years)' },
    ]
  }
  if (field === 'person') {
    return [
      { key: 'with', label: 'with' },
      { key: 'without', label: 'without' },
      { key: 'only', label: 'only (and nobody else)' },
    ]
  }
  if ((NUMBER_FIELDS as readonly string[]).includes(field)) return NUMBER_OPS
  if ((BOOL_FIELDS as readonly string[]).includes(field)) {
    return [
      { key: 'yes', label: 'yes' },
      { key: 'no', label: 'no' },
    ]
  }
  if (field === 'near') return [{ key: 'within', label: 'within' }]
  if (field === 'text') return [{ key: 'is', label: 'matches' }, { key: 'not', label: 'does not match' }]
  return IS
}

/** The operator key a condition shows as. */
export function operatorOf(c: SmartCondition): string {
  switch (c.field) {
    case 'date':
      return c.op
    case 'person':
      return c.op === 'only' ? 'only' : c.negate ? 'without' : 'with'
    case 'favorite':
    case 'hidden':
    case 'gps':
    case 'faces':
      return c.value ? 'yes' : 'no'
    case 'rating':
    case 'iso':
    case 'aperture':
    case 'focal':
      return c.op
    case 'near':
      return 'within'
    default:
      return c.negate ? 'not' : 'is'
  }
}

const thisYear = () => new Date().getFullYear()
const today = () => new Date().toISOString().slice(0, 10)

/** A new row of a field: its first operator and a first value to edit. */
export function newCondition(field: SmartField): SmartCondition {
  return withOperator({ field: 'favorite', op: 'is', value: true }, field, operatorsOf(field)[0]!.key)
}

/** The condition of a row after its field or operator changed (keeping the value when it still fits). */
export function withOperator(previous: SmartCondition, field: SmartField, key: string): SmartCondition {
  const sameField = previous.field === field
  const text = sameField && typeof previous.value === 'string' ? previous.value : ''
  const num = sameField && typeof previous.value === 'number' ? previous.value : undefined
  switch (field) {
    case 'date':
      if (key === 'between') return { field, op: 'between', value: sameField && previous.field === 'date' && previous.op === 'between' ? previous.value : { from: `${thisYear()}-01-01`, to: today() } }
      if (key === 'lastDays') return { field, op: 'lastDays', value: 30 }
      if (key === 'thisYear' || key === 'onThisDay') return { field, op: key, value: null }
      return { field, op: 'year', value: sameField && previous.field === 'date' && previous.op === 'year' ? previous.value : thisYear() }
    case 'person':
      if (key === 'only') return { field, op: 'only', value: text ? [text] : sameField && Array.isArray(previous.value) ? previous.value : [] }
      return { field, op: 'with', value: text || (sameField && Array.isArray(previous.value) ? (previous.value[0] ?? '') : ''), ...(key === 'without' ? { negate: true } : {}) }
    case 'rating':
    case 'iso':
    case 'aperture':
    case 'focal': {
      const first = field === 'rating' ? 4 : field === 'iso' ? 400 : field === 'aperture' ? 2.8 : 50
      if (key === 'between') return { field, op: 'between', value: { min: num ?? first, max: num ?? first } }
      return { field, op: key as 'eq' | 'gt' | 'gte' | 'lt' | 'lte', value: num ?? (sameField && previous.op === 'between' && typeof previous.value === 'object' && previous.value !== null && 'min' in previous.value ? previous.value.min : first) }
    }
    case 'favorite':
    case 'hidden':
    case 'gps':
    case 'faces':
      return { field, op: 'is', value: key !== 'no' }
    case 'near':
      return { field, op: 'within', value: sameField && previous.field === 'near' ? previous.value : { lat: 48.8566, lon: 2.3522, km: 10 } }
    case 'duplicate':
      return { field, op: 'is', value: sameField && previous.field === 'duplicate' ? previous.value : DUPLICATE_VALUES[0], ...(key === 'not' ? { negate: true } : {}) }
    case 'album':
    case 'event':
      return { field, op: 'is', value: sameField && previous.field === field ? previous.value : '', ...(key === 'not' ? { negate: true } : {}) }
    default:
      return { field, op: 'is', value: text, ...(key === 'not' ? { negate: true } : {}) }
  }
}

/** A path to a rule item: indexes into nested groups' rules. */
export type ItemPath = number[]

/** The rule with the item at `path` replaced (null: removed). */
export function replaceAt(group: SmartGroup, path: ItemPath, item: SmartRuleItem | null): SmartGroup {
  const [head, ...rest] = path
  if (head === undefined) return item && isGroup(item) ? item : group
  const rules = [...group.rules]
  if (rest.length === 0) {
    if (item === null) rules.splice(head, 1)
    else rules[head] = item
  } else {
    const child = rules[head]
    if (child && isGroup(child)) rules[head] = replaceAt(child, rest, item)
  }
  return { ...group, rules }
}
