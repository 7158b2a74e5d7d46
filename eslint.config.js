// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information (fast: `npm run lint` runs tsc for the types). Formatting is Prettier's, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'samples/policies/bad/', 'test/stubs/', '.cache/', 'patches/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (table-test labels, ignored tuple slots).
      // Expected output is matched as printed, column padding included.
      'no-regex-spaces': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Prettier wraps code at 120 but leaves comments and what it cannot break: long code lines and
      // comments fail here; a line holding a string, template or regex literal (message text, test
      // data, patterns) or a URL may run longer.
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
          ignoreComments: false,
        },
      ],
    },
  },
);
