// The rule builder: a group (all / any / none of its rows) whose rows are field, operator, value, or
// a nested group. Every edit hands the whole new rule up; the dialog keeps the text form in step.
import { DUPLICATE_VALUES, isGroup, type GroupMatch, type SmartCondition, type SmartGroup, type SmartRuleItem } from '../../../shared/smart-albums'
import { BUILDER_FIELDS, fieldLabel, newCondition, operatorOf, operatorsOf, replaceAt, withOperator, type ItemPath } from './rule-editing'

const MATCH_LABELS: Record<GroupMatch, string> = { all: 'all of', any: 'any of', none: 'none of' }
const MAX_DEPTH = 4

export function RuleBuilder({ rule, onChange }: { rule: SmartGroup; onChange(rule: SmartGroup): void }) {
  return <GroupEditor group={rule} path={[]} depth={1} onItem={(path, item) => onChange(replaceAt(rule, path, item))} />
}

interface GroupProps {
  group: SmartGroup
  path: ItemPath
  depth: number
  onItem(path: ItemPath, item: SmartRuleItem | null): void
}

function GroupEditor({ group, path, depth, onItem }: GroupProps) {
  const set = (next: SmartGroup) => onItem(path, next)
  return (
    <div className={depth === 1 ? 'smart-group smart-group-top' : 'smart-group'} data-testid="smart-rule-group">
      <div className="smart-group-head">
        <span>Photos matching</span>
        <select data-testid="smart-rule-match" value={group.match} onChange={(event) => set({ ...group, match: event.target.value as GroupMatch })}>
          {(['all', 'any', 'none'] as const).map((m) => (
            <option key={m} value={m}>
              {MATCH_LABELS[m]}
            </option>
          ))}
        </select>
        <span>these:</span>
        {depth > 1 ? (
          <button type="button" className="link-button smart-remove" data-testid="smart-rule-remove-group" title="Remove this group" onClick={() => onItem(path, null)}>
            Remove group
          </button>
        ) : null}
      </div>
      {group.rules.map((item, i) =>
        isGroup(item) ? (
          <GroupEditor key={i} group={item} path={[...path, i]} depth={depth + 1} onItem={onItem} />
        ) : (
          <ConditionRow key={i} condition={item} onChange={(next) => onItem([...path, i], next)} />
        ),
      )}
      <div className="smart-group-actions">
        <button type="button" className="button small" data-testid="smart-rule-add" onClick={() => set({ ...group, rules: [...group.rules, newCondition('favorite')] })}>
          + Rule
        </button>
        {depth < MAX_DEPTH ? (
          <button
            type="button"
            className="button small"
            data-testid="smart-rule-add-group"
            onClick={() => set({ ...group, rules: [...group.rules, { match: 'any', rules: [newCondition('place')] }] })}
          >
            + Group
          </button>
        ) : null}
      </div>
    </div>
  )
}

function ConditionRow({ condition, onChange }: { condition: SmartCondition; onChange(next: SmartCondition | null): void }) {
  const op = operatorOf(condition)
  return (
    <div className="smart-row" data-testid="smart-rule-row" data-field={condition.field}>
      <select
        aria-label="Field"
        data-testid="smart-rule-field"
        value={condition.field}
        onChange={(event) => {
          const field = event.target.value as SmartCondition['field']
          onChange(withOperator(condition, field, operatorsOf(field)[0]!.key))
        }}
      >
        {BUILDER_FIELDS.map((f) => (
          <option key={f} value={f}>
            {fieldLabel(f)}
          </option>
        ))}
      </select>
      <select aria-label="Operator" data-testid="smart-rule-op" value={op} onChange={(event) => onChange(withOperator(condition, condition.field, event.target.value))}>
        {operatorsOf(condition.field).map((o) => (
          <option key={o.key} value={o.key}>
            {o.label}
          </option>
        ))}
      </select>
      <ValueEditor condition={condition} onChange={onChange} />
      <button type="button" className="link-button smart-remove" data-testid="smart-rule-remove" title="Remove this rule" onClick={() => onChange(null)}>
        ✕
      </button>
    </div>
  )
}

function numberOr(text: string, fallback: number): number {
  const n = Number(text)
  return text.trim() !== '' && Number.isFinite(n) ? n : fallback
}

function ValueEditor({ condition: c, onChange }: { condition: SmartCondition; onChange(next: SmartCondition): void }) {
  const textInput = (value: string, set: (v: string) => void, placeholder = '') => (
    <input className="text-input smart-value" data-testid="smart-rule-value" value={value} placeholder={placeholder} onChange={(event) => set(event.target.value)} />
  )
  const numberInput = (value: number, set: (v: number) => void, testId = 'smart-rule-value', step = 'any') => (
    <input className="text-input smart-number" type="number" step={step} data-testid={testId} value={value} onChange={(event) => set(numberOr(event.target.value, value))} />
  )
  switch (c.field) {
    case 'date':
      if (c.op === 'year') return numberInput(c.value, (value) => onChange({ ...c, value: Math.round(value) }), 'smart-rule-value', '1')
      if (c.op === 'lastDays') return numberInput(c.value, (value) => onChange({ ...c, value: Math.max(1, Math.round(value)) }), 'smart-rule-value', '1')
      if (c.op === 'between') {
        return (
          <span className="smart-range">
            <input className="text-input" type="date" data-testid="smart-rule-value" value={c.value.from} onChange={(e) => onChange({ ...c, value: { ...c.value, from: e.target.value } })} />
            <span>and</span>
            <input className="text-input" type="date" data-testid="smart-rule-value-to" value={c.value.to} onChange={(e) => onChange({ ...c, value: { ...c.value, to: e.target.value } })} />
          </span>
        )
      }
      return null
    case 'person':
      if (c.op === 'only') return textInput(c.value.join(', '), (v) => onChange({ ...c, value: v.split(',').map((n) => n.trim()).filter((n) => n !== '') }), 'Anna, Ben')
      return textInput(c.value, (value) => onChange({ ...c, value }), 'Name')
    case 'rating':
    case 'iso':
    case 'aperture':
    case 'focal':
      if (c.op === 'between') {
        return (
          <span className="smart-range">
            {numberInput(c.value.min, (min) => onChange({ ...c, value: { ...c.value, min } }))}
            <span>and</span>
            {numberInput(c.value.max, (max) => onChange({ ...c, value: { ...c.value, max } }), 'smart-rule-value-to')}
          </span>
        )
      }
      return numberInput(c.value, (value) => onChange({ ...c, value }))
    case 'favorite':
    case 'hidden':
    case 'gps':
    case 'faces':
      return null
    case 'near':
      return (
        <span className="smart-range">
          {numberInput(c.value.lat, (lat) => onChange({ ...c, value: { ...c.value, lat } }))}
          {numberInput(c.value.lon, (lon) => onChange({ ...c, value: { ...c.value, lon } }), 'smart-rule-value-lon')}
          {numberInput(c.value.km, (km) => onChange({ ...c, value: { ...c.value, km } }), 'smart-rule-value-km')}
          <span>km</span>
        </span>
      )
    case 'duplicate':
      return (
        <select data-testid="smart-rule-value" value={c.value} onChange={(event) => onChange({ ...c, value: event.target.value as (typeof DUPLICATE_VALUES)[number] })}>
          {DUPLICATE_VALUES.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      )
    case 'album':
    case 'event':
      // A number is an id (as the text form reads it), anything else a name.
      return textInput(String(c.value), (v) => onChange({ ...c, value: /^\d+$/.test(v) ? Number(v) : v }), c.field === 'album' ? 'Album name' : 'Event name')
    default:
      return textInput(c.value, (value) => onChange({ ...c, value }))
  }
}
