export { ThemesSection, useThemes } from './ThemesSection'
export { themeRule, themeTitle } from './theme-rule'
