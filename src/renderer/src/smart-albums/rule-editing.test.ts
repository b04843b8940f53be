import { describe, expect, it } from 'vitest'
import { formatSmartRule, parseSmartRule, SmartCondition, type SmartGroup } from '../../../shared/smart-albums'
import { BUILDER_FIELDS, newCondition, operatorOf, operatorsOf, replaceAt, withOperator } from './rule-editing'

describe('rule builder rows', () => {
  it('offers operators for every field, each making a valid condition that shows as that operator and reads back from its text', () => {
    for (const field of BUILDER_FIELDS) {
      for (const { key } of operatorsOf(field)) {
        let condition = withOperator(newCondition(field), field, key)
        // Text values start empty (the row is not filled in yet): give them one.
        if (typeof condition.value === 'string' && condition.value === '') condition = { ...condition, value: 'Paris' } as typeof condition
        if (Array.isArray(condition.value) && condition.value.length === 0) condition = { ...condition, value: ['Anna'] } as typeof condition
        expect(SmartCondition.safeParse(condition).success, `${field} ${key}`).toBe(true)
        expect(operatorOf(condition), `${field} ${key}`).toBe(key)
        const rule: SmartGroup = { match: 'all', rules: [condition] }
        expect(parseSmartRule(formatSmartRule(rule)), `${field} ${key}`).toEqual(rule)
      }
    }
  })

  it('keeps a value across operators when it still fits, and edits nested groups by path', () => {
    const rating = withOperator({ field: 'rating', op: 'gte', value: 3 }, 'rating', 'lt')
    expect(rating).toEqual({ field: 'rating', op: 'lt', value: 3 })
    expect(withOperator({ field: 'person', op: 'with', value: 'Anna' }, 'person', 'without')).toEqual({ field: 'person', op: 'with', value: 'Anna', negate: true })
    expect(withOperator({ field: 'person', op: 'with', value: 'Anna' }, 'person', 'only')).toEqual({ field: 'person', op: 'only', value: ['Anna'] })
    const rule = parseSmartRule('favorite:yes (tag:dog OR tag:cat)')
    expect(formatSmartRule(replaceAt(rule, [1, 0], { field: 'tag', op: 'is', value: 'bird' }))).toBe('favorite:yes (tag:bird OR tag:cat)')
    expect(formatSmartRule(replaceAt(rule, [1, 1], null))).toBe('favorite:yes (tag:dog)')
    expect(formatSmartRule(replaceAt(rule, [0], null))).toBe('((tag:dog OR tag:cat))')
  })
})
