// Lint = types-aware rules + the layering of the codebase (VS Code style): who may import what.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

// Bare module names (exact), so that a relative './events' is not mistaken for node's 'events'.
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'worker_threads', 'url', 'events', 'stream'].map((name) => ({ name }))
const nativeModules = ['better-sqlite3', 'sharp', 'onnxruntime-node', 'usearch', 'chokidar', 'exifr', 'ws', 'heic-decode', 'electron'].map((name) => ({ name }))
const SQL = '/^\\s*(SELECT\\s[\\s\\S]*\\sFROM\\s|INSERT\\s+(OR\\s+\\w+\\s+)?INTO\\s|UPDATE\\s+\\w+\\s+SET\\s|DELETE\\s+FROM\\s|CREATE\\s+(TABLE|INDEX|VIRTUAL)|DROP\\s+TABLE|ALTER\\s+TABLE|PRAGMA\\s)/i'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/.cache/**', 'bin/**', 'scripts/**/*.mjs', 'eslint.config.js', 'resources/**', '.scratch*/**', '.ocr-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...nodeBuiltins, ...nativeModules, { name: 'react' }, { name: 'react-dom' }], patterns: ['node:*', '**/main/**', '**/renderer/**', '**/preload/**'] }],
    },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [...nodeBuiltins, ...nativeModules], patterns: ['node:*', '**/main/**', '**/preload/index'] }],
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/ml/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'onnxruntime-node', message: 'Only src/main/ml may use onnxruntime-node.' },
            { name: 'electron', message: 'Only the shell (src/main/index.ts) imports electron; the core runs in plain Node.' },
          ],
          patterns: ['**/renderer/**'],
        },
      ],
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/catalog/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `TemplateLiteral[quasis.0.value.raw=${SQL}]`, message: 'SQL belongs in a *.repository.ts under src/main/catalog.' },
        { selector: `Literal[value=${SQL}]`, message: 'SQL belongs in a *.repository.ts under src/main/catalog.' },
        { selector: "ImportDeclaration[source.value='better-sqlite3']", message: 'Only the catalog opens SQLite.' },
      ],
    },
  },
  {
    files: ['src/main/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', 'e2e/**', 'bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Playwright fixtures declare their dependencies with an object pattern, empty when there are none.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
)
