import { describe, expect, it } from 'vitest'
import { formatSmartRule, SmartRuleSchema } from '../../../shared/smart-albums'
import { themeRule, themeTitle } from './theme-rule'

describe('a theme as a smart album rule', () => {
  it('asks for any of its labels, as a rule the contract accepts', () => {
    const rule = themeRule({ labels: ['sandbar', 'seashore'] })
    expect(rule).toEqual({
      match: 'any',
      rules: [
        { field: 'tag', op: 'is', value: 'sandbar' },
        { field: 'tag', op: 'is', value: 'seashore' },
      ],
    })
    expect(SmartRuleSchema.safeParse(rule).success).toBe(true)
    expect(formatSmartRule(rule)).toContain('tag:sandbar')
  })

  it('a theme of one label is that tag alone', () => {
    const rule = themeRule({ labels: ['golden retriever'] })
    expect(rule).toEqual({ match: 'all', rules: [{ field: 'tag', op: 'is', value: 'golden retriever' }] })
    expect(SmartRuleSchema.safeParse(rule).success).toBe(true)
    expect(themeTitle({ name: 'shore' })).toBe('Shore')
  })
})
