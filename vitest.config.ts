import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      // The store's migrations are .sql files imported as text, as esbuild does in the build.
      name: 'sql-as-text',
      transform(code, id) {
        if (id.endsWith('.sql'))
          return { code: `export default ${JSON.stringify(code)};`, map: null };
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Tests share nothing but the built dist/; each opens its own temporary database.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
