/*
 * The local runtime target on this machine, through package exports:
 * 1. first start of each server (PostgreSQL, MariaDB, Redis, RabbitMQ);
 * 2. deploy of a small published service with a PostgreSQL database
 *    (fetch → provision → npm ci → build → start → ready), 5 times;
 * 3. back after kill -9 (the supervisor), and a dropped database back
 *    (re-provisioned with the same credentials);
 * 4. destroy (process, database, work directory).
 * The golden templates' own services (larger npm ci and build) are not
 * deployed here yet: the template deploy step is still to come.
 */
import { LocalResources, LocalServices } from '@pave/plugin-environments-node';
import {
  adminQuery,
  createTinyService,
} from '@pave/plugin-environments-node/testUtils';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number) => n.toFixed(0).padStart(7);
function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
  };
}

async function main() {
  const root = await mkdtemp(path.join(tmpdir(), 'pave-bench-runtime-'));
  await chmod(root, 0o711);
  const resources = new LocalResources(path.join(root, 'local'));
  const services = new LocalServices({
    workDir: path.join(root, 'work'),
    resources,
  });
  try {
    console.log('1. First start of each server (ms)');
    for (const kind of ['postgres', 'mysql', 'redis', 'rabbitmq'] as const) {
      const t = process.hrtime.bigint();
      await resources.ensureServer(kind);
      console.log(`   ${kind.padEnd(9)} ${fmt(ms(t))}`);
    }

    console.log(
      `\n2. Deploy of a small service with PostgreSQL, ${RUNS} runs (ms)`,
    );
    const totals: number[] = [];
    const bySteps: Record<string, number[]> = {};
    const deployed: Array<{ service: string; url: string }> = [];
    for (let i = 0; i < RUNS; i++) {
      const service = `bench-${i}`;
      const { repository, commit } = await createTinyService(root, service);
      const started = process.hrtime.bigint();
      let last = started;
      let lastStep = '';
      const deployment = await services.deploy(
        { service, environment: 'local', repository, commit },
        step => {
          if (lastStep) (bySteps[lastStep] ??= []).push(ms(last));
          lastStep = step;
          last = process.hrtime.bigint();
        },
      );
      (bySteps[lastStep] ??= []).push(ms(last));
      totals.push(ms(started));
      deployed.push({ service, url: deployment.url });
    }
    const total = stats(totals);
    console.log(`   total       p50 ${fmt(total.p50)}   max ${fmt(total.max)}`);
    for (const [step, values] of Object.entries(bySteps)) {
      const s = stats(values);
      console.log(
        `   ${step.padEnd(11)} p50 ${fmt(s.p50)}   max ${fmt(s.max)}`,
      );
    }

    console.log('\n3. Recovery (ms)');
    const [first] = deployed;
    const before = services.get(first.service, 'local')!;
    const killed = process.hrtime.bigint();
    process.kill(before.pid!, 'SIGKILL');
    while (!(await services.isReady(first.service, 'local'))) {
      await new Promise(r => setTimeout(r, 20));
    }
    console.log(`   kill -9 → ready again        ${fmt(ms(killed))}`);
    await adminQuery(
      await resources.ensureServer('postgres'),
      'DROP DATABASE bench_0_local_db WITH (FORCE)',
    );
    const dropped = process.hrtime.bigint();
    const repaired = await services.repairResources(first.service, 'local');
    console.log(
      `   dropped database → back      ${fmt(ms(dropped))}   (${repaired.join(
        ', ',
      )})`,
    );

    console.log('\n4. Destroy (ms)');
    const destroys: number[] = [];
    for (const { service } of deployed) {
      const t = process.hrtime.bigint();
      await services.destroy(service, 'local');
      destroys.push(ms(t));
    }
    const d = stats(destroys);
    console.log(`   destroy     p50 ${fmt(d.p50)}   max ${fmt(d.max)}`);
  } finally {
    await services.stopAll();
    await resources.stop();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
