// Component and hook tests: jsdom, @swc/jest, and small stand-ins for @tarojs/taro and @tarojs/components
// (Taro's own test utils target Taro 3.6; the real H5 build is covered by the browser tests).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // @huiyuan/shared depends on @noble/hashes, and the QR encoder `qr` ships ESM only: let swc compile them too.
  transformIgnorePatterns: ['/node_modules/(?!(.*@noble[+/]|\\.pnpm/qr@|qr/))'],
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/mocks/components.tsx',
    '\\.css$': '<rootDir>/test/mocks/style.ts',
  },
  clearMocks: true,
};
