// @ts-check
/**
 * The linter's own linter: typescript-eslint's recommended type-checked rules
 * over the TypeScript sources and tests, run by `npm test` (`npm run lint:code`).
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tests/fixtures/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore names what is left out on purpose (`const { tree: _tree, ...rest } = …`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // vitest's asymmetric matchers (`expect.any`, `expect.objectContaining`) are typed `any`, and
    // `expect(spy.method)` hands a method to the matcher: both are how the tests are meant to read.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // These tests drive citeproc-js's own internals (untyped JavaScript) to check each patch against
    // the engine it replaces; typing citeproc's whole object model for them would be fiction.
    files: ['tests/format/citeproc-*.ts', 'tests/format/unpatched-citeproc.ts', 'tests/format/sort-keys.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
