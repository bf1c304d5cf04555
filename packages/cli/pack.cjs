/* Packs the CLI as the npm package people install: bin/pave and the
 * bundle, with a package.json that has no dependencies (everything is in
 * dist/pave.cjs; the workspace's own package.json names @pave/* sources
 * that are never published). Writes dist/pave-cli-<version>.tgz.
 *   yarn workspace @pave/cli build && yarn workspace @pave/cli package */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const own = require('./package.json');

const bundle = path.join(__dirname, 'dist', 'pave.cjs');
if (!fs.existsSync(bundle)) {
  console.error('dist/pave.cjs is missing: run the build first');
  process.exit(1);
}
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'pave-cli-pack-'));
try {
  fs.mkdirSync(path.join(stage, 'bin'));
  fs.mkdirSync(path.join(stage, 'dist'));
  fs.copyFileSync(
    path.join(__dirname, 'bin', 'pave'),
    path.join(stage, 'bin', 'pave'),
  );
  fs.chmodSync(path.join(stage, 'bin', 'pave'), 0o755);
  fs.copyFileSync(bundle, path.join(stage, 'dist', 'pave.cjs'));
  fs.writeFileSync(
    path.join(stage, 'package.json'),
    `${JSON.stringify(
      {
        name: own.name,
        version: own.version,
        description: own.description,
        license: own.license,
        bin: own.bin,
        main: 'dist/pave.cjs',
        engines: own.engines,
        files: ['bin', 'dist/pave.cjs'],
      },
      null,
      2,
    )}\n`,
  );
  const name = execFileSync(
    'npm',
    ['pack', '--silent', '--pack-destination', path.join(__dirname, 'dist')],
    { cwd: stage, encoding: 'utf8' },
  ).trim();
  console.log(path.join('packages/cli/dist', name));
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
