/* Bundles the CLI into dist/pave.cjs: one file with its clients and their
 * dependencies, so `pave` starts fast and packs as a single npm package
 * (the workspace's @pave/* packages are TypeScript sources, not published). */
const esbuild = require('esbuild');
const { version } = require('./package.json');

esbuild
  .build({
    entryPoints: [`${__dirname}/src/index.ts`],
    outfile: `${__dirname}/dist/pave.cjs`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    define: { PAVE_CLI_VERSION: JSON.stringify(version) },
    alias: { 'cross-fetch': `${__dirname}/build-fetch.cjs` },
    logLevel: 'warning',
  })
  .catch(() => process.exit(1));
