/*
 * The `pave` CLI's start-up and its plan (issue 14): the built binary
 * (`yarn workspace @pave/cli build`) run as a new process each time, as a
 * terminal or a CI step runs it.
 *   PAVE_API_TOKEN=… yarn bench:cli   (portal from scripts/start.sh)
 * `pave --version` and `pave plan` of a Score workload with 6 resources
 * for 3 environments (judged as the guest, through the API token), 2
 * warm-up runs then 10 timed each; prints the median, min and max.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BASE = process.env.PAVE_URL ?? 'http://localhost:7007';
const TOKEN = process.env.PAVE_API_TOKEN;
const BIN = resolve(__dirname, '../packages/cli/bin/pave');
const RUNS = 10;
const WARMUP = 2;

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: bench-ledger
containers:
  main:
    image: .
    variables:
      DB: postgres://\${resources.db.host}:\${resources.db.port}/\${resources.db.name}
      REPORTS: mysql://\${resources.reports.host}:\${resources.reports.port}/\${resources.reports.name}
      CACHE: \${resources.cache.host}
      JOBS: \${resources.jobs.host}
      EVENTS: \${resources.events.name}
      FILES: \${resources.files.bucket}
resources:
  db: { type: postgres }
  reports: { type: mysql }
  cache: { type: redis }
  jobs: { type: amqp }
  events: { type: topic }
  files: { type: s3 }
`;

function time(
  args: string[],
  env: Record<string, string>,
  expectCodes: number[],
) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  const ms = performance.now() - started;
  if (!expectCodes.includes(result.status ?? -1)) {
    throw new Error(
      `pave ${args.join(' ')} exited ${result.status}: ${result.stderr}`,
    );
  }
  return ms;
}

function report(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = (sorted[4] + sorted[5]) / 2;
  console.log(
    `${label}: median ${median.toFixed(0)} ms (min ${sorted[0].toFixed(
      0,
    )}, max ${sorted[sorted.length - 1].toFixed(0)}; ${RUNS} runs)`,
  );
}

function measure(args: string[], env: Record<string, string>, codes: number[]) {
  for (let i = 0; i < WARMUP; i++) time(args, env, codes);
  return Array.from({ length: RUNS }, () => time(args, env, codes));
}

function main() {
  if (!existsSync(resolve(__dirname, '../packages/cli/dist/pave.cjs'))) {
    throw new Error('Build the CLI first: yarn workspace @pave/cli build');
  }
  if (!TOKEN) {
    throw new Error('Set PAVE_API_TOKEN as for the portal (README "Access")');
  }
  const dir = mkdtempSync(join(tmpdir(), 'pave-bench-cli-'));
  try {
    const score = join(dir, 'score.yaml');
    writeFileSync(score, SCORE);
    const env = {
      PAVE_URL: BASE,
      PAVE_API_TOKEN: TOKEN,
      PAVE_AS: 'user:default/guest',
      PAVE_CONFIG_DIR: dir,
    };
    console.log(`node ${process.version}, ${BIN}`);
    report('pave --version', measure(['--version'], {}, [0]));
    report(
      'pave plan (6 resources × 3 environments)',
      measure(
        [
          'plan',
          score,
          '--env',
          'dev,staging,prod',
          '--owner',
          'payments',
          '--system',
          'payments-platform',
          '--template',
          'node-http-service',
          '--json',
        ],
        env,
        // Allowed or denied, both are the answer measured.
        [0, 1],
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
