// SQL files are bundled as text by esbuild (scripts/build.mjs) and by vitest (vitest.config.ts).
declare module '*.sql' {
  const text: string;
  export default text;
}
