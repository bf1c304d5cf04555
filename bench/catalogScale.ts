/*
 * A 20,000-entity catalog on PostgreSQL (issue 19): the real backend (one
 * process, as e2e-replicas starts it) ingests a generated catalog of teams,
 * services and their annotated production databases, the way Pave's golden
 * templates describe them; then BENCH_CLIENTS (default 50) concurrent
 * clients load the entity-page APIs Pave adds, and the team rollup of the
 * largest team runs one at a time. Prints figures; asserts nothing.
 *   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://… \
 *     yarn bench:scale
 * BENCH_ENTITIES (default 20000), BENCH_REQUESTS per API (default 1000),
 * BENCH_APIS (comma-separated labels' first words, e.g. `cost,compliance`:
 * only those), BENCH_CPU_PROFILE_DIR (a V8 CPU profile of the backend,
 * written when it stops; the log says when each API's load began).
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isPolicySetFile } from '@pave/plugin-policy-common';
import { Replica } from '../e2e-replicas/Replica';
import { percentile } from './percentile';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 20_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
// Backstage re-processes every entity each 100-150 s by default; a
// longer interval shows what Pave's routes cost without that load.
const PROCESSING_SECONDS = Number(process.env.BENCH_PROCESSING_SECONDS ?? 0);
const TEAMS = 40;
// One team owns far more than the others, as a platform's largest does.
const LARGEST_TEAM_SERVICES = 1250;
const SERVICES = Math.floor((ENTITIES - TEAMS) / 2);

const team = (i: number) => `team-${String(i).padStart(2, '0')}`;
const ownerOf = (s: number) =>
  s < LARGEST_TEAM_SERVICES
    ? team(0)
    : team(1 + ((s - LARGEST_TEAM_SERVICES) % (TEAMS - 1)));

/** The catalog as YAML files, 500 services a file, and a Location of them. */
function writeCatalog(dir: string): string {
  const files: string[] = [];
  const groups = Array.from({ length: TEAMS }, (_, i) =>
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata:',
      `  name: ${team(i)}`,
      '  annotations:',
      `    pave.dev/cost-center: CC-${2000 + i}`,
      `    pave.dev/monthly-budget-usd: "${50_000 + i * 1000}"`,
      'spec:',
      '  type: team',
      '  children: []',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'groups.yaml'), `${groups.join('\n---\n')}\n`);
  files.push('groups.yaml');
  for (let start = 0; start < SERVICES; start += 500) {
    const docs: string[] = [];
    for (let s = start; s < Math.min(SERVICES, start + 500); s++) {
      const name = `svc-${s}`;
      const owner = `group:default/${ownerOf(s)}`;
      docs.push(
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          `  name: ${name}`,
          '  annotations:',
          '    pave.dev/template: node-http-service',
          '    pave.dev/data-classification: internal',
          `    pave.dev/cost-center: CC-${2000 + (s % TEAMS)}`,
          'spec:',
          '  type: service',
          '  lifecycle: production',
          `  owner: ${owner}`,
          `  dependsOn: [resource:default/${name}-db-prod]`,
        ].join('\n'),
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Resource',
          'metadata:',
          `  name: ${name}-db-prod`,
          '  annotations:',
          '    pave.dev/environment: prod',
          '    pave.dev/resource-type: postgres',
          '    pave.dev/size: small',
          '    pave.dev/workload-resource: db',
          'spec:',
          '  type: database',
          `  owner: ${owner}`,
          `  dependencyOf: [component:default/${name}]`,
        ].join('\n'),
      );
    }
    const file = `services-${String(start / 500).padStart(3, '0')}.yaml`;
    writeFileSync(join(dir, file), `${docs.join('\n---\n')}\n`);
    files.push(file);
  }
  const config = join(dir, 'app-config.scale.yaml');
  writeFileSync(
    config,
    [
      'catalog:',
      '  locations:',
      ...files.flatMap(f => [
        '    - type: file',
        `      target: ${join(dir, f)}`,
        '      rules:',
        '        - allow: [Component, Resource, Group]',
      ]),
      ...(PROCESSING_SECONDS
        ? [`  processingInterval: { seconds: ${PROCESSING_SECONDS} }`]
        : []),
      'pave:',
      '  cost:',
      '    catalogRefreshSeconds: 60',
      '',
    ].join('\n'),
  );
  return config;
}

async function get(url: string, token: string) {
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
  return JSON.parse(body);
}

async function count(replica: Replica, token: string, kind: string) {
  const { totalItems } = await get(
    `${replica.url}/api/catalog/entities/by-query?filter=kind=${kind}&limit=1`,
    token,
  );
  return totalItems as number;
}

const APIS = process.env.BENCH_APIS?.split(',').map(a => a.trim());
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
const benchStarted = Date.now();

async function load(
  label: string,
  path: (service: string) => string,
  replica: Replica,
  token: string,
) {
  if (APIS && !APIS.includes(label.split(' ')[0])) return;
  if (PROFILE_DIR) {
    console.log(
      `   (${label}: load begins ${((Date.now() - benchStarted) / 1000).toFixed(
        0,
      )} s into the run)`,
    );
  }
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) {
        next += 1;
        const service = `svc-${Math.floor(Math.random() * SERVICES)}`;
        const t0 = performance.now();
        const res = await fetch(`${replica.url}${path(service)}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        await res.arrayBuffer();
        times.push(performance.now() - t0);
        if (!res.ok) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((x, y) => x - y);
  console.log(
    `   ${label.padEnd(36)} p50 ${percentile(times, 0.5)
      .toFixed(0)
      .padStart(5)} ms  p95 ${percentile(times, 0.95)
      .toFixed(0)
      .padStart(5)} ms  p99 ${percentile(times, 0.99)
      .toFixed(0)
      .padStart(5)} ms  ${(times.length / seconds)
      .toFixed(0)
      .padStart(4)} req/s${failures ? `  (${failures} failed)` : ''}`,
  );
}

/**
 * The what-if over the whole estate (issue 16): the shipped policy set plus
 * one rule that fires on every tenth service, judged with the set in force
 * over every component, environment and template of this catalog.
 */
async function whatIf(replica: Replica, token: string) {
  if (APIS && !APIS.includes('what-if')) return;
  const root = resolve(__dirname, '../policies');
  const files = readdirSync(root, { recursive: true })
    .map(String)
    .filter(isPolicySetFile)
    .map(path => ({ path, content: readFileSync(join(root, path), 'utf8') }));
  files.push({
    path: 'drafts/seeded.cedar',
    content: [
      '@id("bench-seeded")',
      '@message("Services whose name ends in 7 are frozen.")',
      '@enforcement("hard-mandatory")',
      '@remediation("Rename the service.")',
      'forbid (principal, action, resource is Pave::Service)',
      'when { resource.name like "*7" };',
    ].join('\n'),
  });
  const started = performance.now();
  const res = await fetch(`${replica.url}/api/policy/what-if`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ files }),
  });
  const body = await res.json();
  const seconds = (performance.now() - started) / 1000;
  if (!res.ok) {
    console.log(
      `   what-if: ${res.status} ${JSON.stringify(body).slice(0, 300)}`,
    );
    return;
  }
  const seeded = body.rules.find((r: any) => r.policyId === 'bench-seeded');
  const expected = Array.from({ length: SERVICES }, (_, s) => s).filter(
    s => s % 10 === 7,
  ).length;
  console.log(
    `   what-if over the estate: ${seconds.toFixed(1)} s for ${
      body.judged.components
    } components, ${body.judged.environments} environments, ${
      body.judged.templates
    } templates (server ${(body.durationMs / 1000).toFixed(
      1,
    )} s); seeded rule newly denies ${
      seeded?.newlyDenied ?? 0
    } of ${expected} expected; ${body.rules.length} rules change`,
  );
}

async function main() {
  const pg = new URL(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
      'postgresql://pave@127.0.0.1:55432/postgres',
  );
  const dir = mkdtempSync(join(tmpdir(), 'pave-scale-'));
  chmodSync(dir, 0o711);
  const token = randomBytes(24).toString('base64url');
  const config = writeCatalog(dir);
  const replica = new Replica('scale', 7111, join(dir, 'work'), {
    postgres: { host: pg.hostname, port: pg.port, user: pg.username },
    databasePrefix: `pave_scale_${Date.now().toString(36)}_`,
    dataDir: join(dir, 'data'),
    policyDir: resolve(__dirname, '../policies'),
    token,
    configs: [config],
    ...(PROFILE_DIR
      ? { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } }
      : {}),
  });
  console.log(
    `Catalog of ${
      TEAMS + 2 * SERVICES
    } entities: ${TEAMS} teams, ${SERVICES} services with a prod PostgreSQL each (the largest team owns ${LARGEST_TEAM_SERVICES}); ${CLIENTS} clients, ${REQUESTS} requests per API; PostgreSQL ${
      pg.host
    }`,
  );
  try {
    const started = performance.now();
    await replica.start();
    const ready = performance.now();
    for (;;) {
      const [components, resources] = [
        await count(replica, token, 'component'),
        await count(replica, token, 'resource'),
      ];
      if (components >= SERVICES && resources >= SERVICES) break;
      await new Promise(r => setTimeout(r, 2000));
    }
    const ingested = (performance.now() - ready) / 1000;
    console.log(
      `   backend ready in ${((ready - started) / 1000).toFixed(
        0,
      )} s; catalog ingest: ${(TEAMS + 2 * SERVICES).toLocaleString(
        'en-US',
      )} entities in ${ingested.toFixed(0)} s = ${(
        (TEAMS + 2 * SERVICES) /
        ingested
      ).toFixed(0)} entities/s`,
    );

    // The scheduled cost refresh prices every service from its Resources.
    const from = replica.log.length;
    const refreshStarted = performance.now();
    for (;;) {
      const line = replica
        .lines(/Cost estimates from the catalog:/, from)
        .find(l => !/: 0 recorded, 0 unchanged/.test(l));
      if (line) {
        console.log(
          `   cost refresh over the catalog: ${(
            (performance.now() - refreshStarted) /
            1000
          ).toFixed(0)} s until done (${
            /\d+ recorded, \d+ unchanged, \d+ failed/.exec(line)?.[0]
          })`,
        );
        break;
      }
      await new Promise(r => setTimeout(r, 2000));
    }

    // What the backend does on its own with this catalog: CPU over 10 s.
    const cpu = () => {
      const fields = readFileSync(`/proc/${replica.pid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    };
    const cpu0 = cpu();
    await new Promise(r => setTimeout(r, 10_000));
    console.log(
      `   backend CPU with no requests (catalog processing every ${
        PROCESSING_SECONDS
          ? `${PROCESSING_SECONDS} s`
          : '100-150 s, the default'
      }): ${(((cpu() - cpu0) / 10) * 100).toFixed(0)} % of one core`,
    );

    const ref = (s: string) => encodeURIComponent(`component:default/${s}`);
    await whatIf(replica, token);
    await load(
      'catalog by-name (Backstage)',
      s => `/api/catalog/entities/by-name/component/default/${s}`,
      replica,
      token,
    );
    // Twice: the first pass meets every team's budget uncached (each of
    // 40 teams read once, the largest with 1,250 services); the second is
    // the steady state an estate runs in.
    await load(
      'cost entity page, first pass',
      s => `/api/cost/entities/${ref(s)}`,
      replica,
      token,
    );
    await load(
      'cost entity page, second pass',
      s => `/api/cost/entities/${ref(s)}`,
      replica,
      token,
    );
    await load(
      'audit entity page (25 events)',
      s => `/api/audit/events?entityRef=${ref(s)}&limit=25`,
      replica,
      token,
    );
    await load(
      'compliance',
      s => `/api/policy/compliance/component/default/${s}`,
      replica,
      token,
    );
    await load(
      'environments (deployments)',
      s => `/api/environments/deployments?entityRef=${ref(s)}`,
      replica,
      token,
    );

    if (APIS && !APIS.includes('team')) return;
    const rollups: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await get(
        `${replica.url}/api/cost/groups/${encodeURIComponent(
          `group:default/${team(0)}`,
        )}`,
        token,
      );
      rollups.push(performance.now() - t0);
    }
    rollups.sort((x, y) => x - y);
    console.log(
      `   team rollup, ${LARGEST_TEAM_SERVICES} services, one at a time: p50 ${percentile(
        rollups,
        0.5,
      ).toFixed(0)} ms, max ${rollups[rollups.length - 1].toFixed(0)} ms`,
    );
  } finally {
    await replica.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
