/*
 * Golden path wall time (issues 5 and 20): from creating a scaffolder task
 * to the service's Component being visible in the catalog, through the REST
 * API of a running portal, as the guest (a payments developer); and, in the
 * same run on the same backend, a bare registration of a url location
 * holding the same entities (the catalog-info.yaml the golden path just
 * published, under another name), from POST /api/catalog/locations to the
 * Component being visible. The ratio is what the template's own work costs on top of the
 * catalog's. Prints figures.
 *   PAVE_DATA_DIR=/tmp/x scripts/start.sh      (a throw-away data directory)
 *   PAVE_DATA_DIR=/tmp/x PAVE_API_TOKEN=… yarn bench:golden-path
 * BENCH_RUNS (default 20) of each, alternating, then four tasks at once.
 * The catalog processes and stitches on 1 s loops; runs back to back would
 * meet those loops at the same point every time, so each run starts after
 * a random pause of up to a second, as people arrive.
 * Every run publishes real repositories; the catalog locations are removed
 * after.
 */
import { RepositoryStore } from '@pave/repository-store';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BASE = process.env.PAVE_URL ?? 'http://localhost:7007';
const TOKEN = process.env.PAVE_API_TOKEN;
const TEMPLATE = process.env.BENCH_TEMPLATE ?? 'node-http-service';
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DATA_DIR = process.env.PAVE_DATA_DIR;
/** Both timings look for the Component this often. */
const POLL_MS = 100;
const ENVIRONMENTS = ['dev', 'prod'];
const RESOURCES = [{ name: 'db', type: 'postgres', size: 'small' }];

if (!TOKEN || !DATA_DIR) {
  throw new Error(
    'Set PAVE_API_TOKEN and PAVE_DATA_DIR as for the portal (see README "Access")',
  );
}

async function guestToken(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

/** Resolves with the ms from `started` until the Component is visible. */
async function visible(token: string, name: string, started: number) {
  for (;;) {
    const entity = await fetch(
      `${BASE}/api/catalog/entities/by-name/component/default/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    await entity.arrayBuffer();
    if (entity.status === 200) {
      return performance.now() - started;
    }
    if (performance.now() - started > 300_000) {
      throw new Error(`${name} not in the catalog after 300 s`);
    }
    await new Promise(r => setTimeout(r, POLL_MS));
  }
}

async function scaffold(token: string, name: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${BASE}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      templateRef: `template:default/${TEMPLATE}`,
      values: {
        name,
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        dataClassification: 'internal',
        resources: RESOURCES,
        environments: ENVIRONMENTS,
      },
    }),
  });
  if (res.status !== 201) {
    throw new Error(`task for ${name}: ${res.status} ${await res.text()}`);
  }
  return visible(token, name, started);
}

/**
 * A repository holding only the catalog-info.yaml the golden path published
 * for `from`, renamed to `name`: the same entities, registered bare.
 */
async function publishCatalogInfo(name: string, from: string): Promise<string> {
  const store = new RepositoryStore(resolve(DATA_DIR!, 'repositories'));
  const generated = (
    await store.readFile(from, 'main', 'catalog-info.yaml')
  ).toString('utf8');
  const source = await mkdtemp(join(tmpdir(), 'pave-bench-'));
  try {
    await writeFile(
      join(source, 'catalog-info.yaml'),
      generated.split(from).join(name),
    );
    await store.create({
      name,
      sourceDir: source,
      taskId: 'bench',
      author: { name: 'Pave bench', email: 'bench@pave.dev' },
      message: 'bench',
    });
  } finally {
    await rm(source, { recursive: true, force: true });
  }
  const baseUrl =
    process.env.PAVE_REPOSITORIES_BASE_URL ?? 'https://git.pave.localhost';
  return `${baseUrl}/${name}/blob/main/catalog-info.yaml`;
}

/** A bare registration: POST /api/catalog/locations until the Component shows. */
async function register(
  token: string,
  name: string,
  from: string,
): Promise<number> {
  const target = await publishCatalogInfo(name, from);
  const started = performance.now();
  const res = await fetch(`${BASE}/api/catalog/locations`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ type: 'url', target }),
  });
  if (res.status !== 201) {
    throw new Error(`location for ${name}: ${res.status} ${await res.text()}`);
  }
  return visible(token, name, started);
}

async function cleanup(names: string[]) {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const res = await fetch(`${BASE}/api/catalog/locations`, { headers });
  for (const { data } of (await res.json()) as Array<{ data: any }>) {
    if (names.some(n => data.target.includes(`/${n}/blob/`))) {
      await fetch(`${BASE}/api/catalog/locations/${data.id}`, {
        method: 'DELETE',
        headers,
      });
    }
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  return {
    median,
    mean,
    text: `mean ${seconds(mean)}, median ${seconds(median)}, min ${seconds(
      sorted[0],
    )}, max ${seconds(sorted[sorted.length - 1])}`,
  };
}

async function main() {
  const token = await guestToken();
  const run = Date.now().toString(36);
  const names: string[] = [];
  const golden: number[] = [];
  const bare: number[] = [];
  const pause = () =>
    new Promise(resolve => setTimeout(resolve, Math.random() * 1000));
  // Alternating, so both meet the same catalog and the same load.
  for (let i = 0; i < RUNS; i++) {
    const task = `bench-${run}-${i}`;
    const location = `bench-${run}-r${i}`;
    names.push(task, location);
    await pause();
    golden.push(await scaffold(token, task));
    await pause();
    bare.push(await register(token, location, task));
  }
  const concurrentNames = [0, 1, 2, 3].map(i => `bench-${run}-c${i}`);
  names.push(...concurrentNames);
  const started = performance.now();
  const concurrent = await Promise.all(
    concurrentNames.map(name => scaffold(token, name)),
  );
  const wall = performance.now() - started;
  await cleanup(names);

  const g = summary(golden);
  const b = summary(bare);
  console.log(
    `Golden path (${TEMPLATE}, ${RESOURCES.length} resource × ${ENVIRONMENTS.length} environments): task created → Component in the catalog`,
  );
  console.log(`   golden path, one at a time (${RUNS}):  ${g.text}`);
  console.log(`   bare url registration (${RUNS}):       ${b.text}`);
  // Both wait for the same catalog loops; the means are the steadier figure.
  console.log(
    `   ratio: ${(g.mean / b.mean).toFixed(2)}× of means, ${(
      g.median / b.median
    ).toFixed(2)}× of medians (goal ≤ 1.5×); the template's own work: ${seconds(
      g.mean - b.mean,
    )}`,
  );
  console.log(
    `   four tasks at once: each ${concurrent
      .map(ms => (ms / 1000).toFixed(1))
      .join(' / ')} s, all four in ${seconds(wall)}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
