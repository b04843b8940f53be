// A theme as a smart album's rule: photos with any of the classifier labels the theme is made of (a
// tag rule, so the album keeps following the library as new photos get those labels).
import type { SmartRule } from '../../../shared/smart-albums'
import type { ThemeSummary } from '../../../shared/themes'

export function themeRule(theme: Pick<ThemeSummary, 'labels'>): SmartRule {
  const rules = theme.labels.map((label) => ({ field: 'tag' as const, op: 'is' as const, value: label }))
  return { match: rules.length === 1 ? 'all' : 'any', rules }
}

/** "seashore" -> "Seashore": the album's name. */
export function themeTitle(theme: Pick<ThemeSummary, 'name'>): string {
  return theme.name.charAt(0).toUpperCase() + theme.name.slice(1)
}
