export { createThemesService, type ThemesService, type ThemesDeps, type ThemeVectorModel } from './themes.service'
export { CLASSIFIER_THEME_PARAMS, CLIP_THEME_PARAMS, type ThemeParams } from './discover'
