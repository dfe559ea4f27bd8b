// One linter for the whole repo: ESLint with typescript-eslint, type-aware, so the async
// mistakes that bite (floating promises, promises passed where callbacks are expected,
// non-exhaustive switches over our unions) fail the lint. Import boundaries are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
  '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
  eqeqeq: ['error', 'always'],
  'no-console': 'error',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '.test-artifacts/**',
      'miniapp/.swc/**',
      '**/*.config.js',
      '**/*.config.ts',
      'miniapp/babel.config.js',
      'miniapp/config/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: typeAwareRules,
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', '@tarojs/*', 'react', 'pg', 'node:*'],
              message: 'shared/ holds pure rules: no framework, database or I/O imports',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@huiyuan/miniapp', '**/miniapp/**'], message: 'server/ never imports the mini-program' }] },
      ],
    },
  },
  {
    files: ['miniapp/**/*.ts', 'miniapp/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@huiyuan/server', '**/server/**', 'typeorm', '@nestjs/*'], message: 'miniapp/ never imports the server' },
          ],
        },
      ],
    },
  },
  {
    files: ['admin/**/*.ts', 'admin/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@huiyuan/server', '**/server/**', '@huiyuan/miniapp', '**/miniapp/**', 'typeorm', '@nestjs/*'],
              message: 'admin/ reaches the server only over HTTP, through its typed client',
            },
          ],
        },
      ],
      // One module does HTTP (token, error codes, session expiry): admin/src/api/client.ts.
      'no-restricted-globals': ['error', { name: 'fetch', message: 'call the API through admin/src/api/client.ts' }],
    },
  },
  {
    files: ['admin/src/api/client.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.test.tsx', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        globalThis: 'readonly',
        localStorage: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
);
