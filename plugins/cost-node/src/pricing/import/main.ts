/*
 * `yarn pricing:update`: regenerates pricing/<cloud>.yaml from the mapping
 * and the price lists, printing what changed by how much.
 *
 *   yarn pricing:update                 offline, from pricing/sources/
 *   yarn pricing:update --online        download the lists first (AWS and
 *                                       Azure need no key; Google needs
 *                                       GOOGLE_API_KEY)
 *   yarn pricing:update --check         exit 1 if the catalog is not what
 *                                       the sources generate
 *   --cloud aws|azure|gcp (repeatable), --dry-run (print, write nothing)
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { VENDOR_ENDPOINTS, downloadPriceLists } from './download';
import {
  CLOUDS,
  CatalogCloud,
  PricingImportError,
  importPricing,
} from './importCatalog';
import { parseMappingFile } from './mapping';

const USAGE =
  'usage: yarn pricing:update [--online] [--check] [--dry-run] [--cloud aws|azure|gcp]…';

function parseArgs(argv: string[]) {
  const options = {
    online: false,
    check: false,
    dryRun: false,
    clouds: [] as CatalogCloud[],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--online') options.online = true;
    else if (arg === '--check') options.check = true;
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--cloud') {
      const cloud = argv[++i] as CatalogCloud;
      if (!CLOUDS.includes(cloud)) {
        throw new Error(
          `--cloud: must be one of ${CLOUDS.join(', ')}\n${USAGE}`,
        );
      }
      options.clouds.push(cloud);
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // Yarn runs root scripts in the repository's root.
  const pricingDir = resolve(process.cwd(), 'pricing');
  if (!existsSync(join(pricingDir, 'mapping'))) {
    throw new Error(
      `no pricing/mapping in ${process.cwd()}; run it as yarn pricing:update from the repository`,
    );
  }
  const clouds = options.clouds.length ? options.clouds : [...CLOUDS];
  const tty = process.stderr.isTTY;
  const progress = (message: string) =>
    process.stderr.write(tty ? `\r\x1b[2K${message}` : `${message}\n`);
  const downloads: Partial<Record<CatalogCloud, string>> = {};
  try {
    if (options.online) {
      const today = new Date().toISOString().slice(0, 10);
      for (const cloud of clouds) {
        const mappingPath = join(pricingDir, 'mapping', `${cloud}.yaml`);
        const mapping = parseMappingFile(
          parseYaml(await readFile(mappingPath, 'utf8')),
          mappingPath,
        );
        downloads[cloud] = await mkdtemp(
          join(tmpdir(), `pave-prices-${cloud}-`),
        );
        await downloadPriceLists({
          cloud,
          mapping,
          directory: downloads[cloud]!,
          endpoints: {
            ...VENDOR_ENDPOINTS,
            gcpApiKey: process.env.GOOGLE_API_KEY,
          },
          progress,
          today,
        });
        if (tty) process.stderr.write('\n');
      }
    }
    const outcome = await importPricing({
      pricingDir,
      clouds,
      sources: downloads,
      write: !options.dryRun && !options.check,
    });
    let stale = 0;
    for (const file of outcome.files) {
      const name = relative(process.cwd(), file.path);
      if (file.unchanged) {
        process.stdout.write(`${name}: unchanged\n`);
        continue;
      }
      stale += 1;
      process.stdout.write(
        `${name}: ${file.changes.length} change${
          file.changes.length === 1 ? '' : 's'
        }${options.check || options.dryRun ? ' (not written)' : ''}\n`,
      );
      for (const line of file.changes) process.stdout.write(`  ${line}\n`);
    }
    const report = relative(process.cwd(), outcome.verification.path);
    if (outcome.verification.unchanged) {
      process.stdout.write(`${report}: unchanged\n`);
    } else {
      stale += 1;
      process.stdout.write(
        `${report}: updated${
          options.check || options.dryRun ? ' (not written)' : ''
        }\n`,
      );
    }
    if (!options.check && !options.dryRun) {
      for (const [cloud, directory] of Object.entries(downloads)) {
        const target = join(pricingDir, 'sources', cloud);
        await rm(target, { recursive: true, force: true });
        await cp(directory, target, { recursive: true });
        process.stdout.write(
          `${relative(process.cwd(), target)}: replaced by the download\n`,
        );
      }
    }
    if (options.check && stale > 0) {
      process.stderr.write(
        'The pricing catalog is not what pricing/mapping and pricing/sources generate; run yarn pricing:update.\n',
      );
      process.exitCode = 1;
    }
  } finally {
    for (const directory of Object.values(downloads)) {
      await rm(directory, { recursive: true, force: true });
    }
  }
}

main().catch(error => {
  process.stderr.write(
    `${
      error instanceof PricingImportError
        ? error.message
        : `pricing:update: ${(error as Error).message}`
    }\n`,
  );
  process.exitCode = 1;
});
