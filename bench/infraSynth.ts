/*
 * Infra engine benchmark (issue 3). Prints figures; asserts nothing.
 *   yarn bench:infra
 * 1. Cold process per cloud: a 6-resource workload × 3 environments, wall
 *    time and peak RSS — deep imports (the engine) vs the provider barrels.
 * 2. Warm, in-process: time per synthesis (one workload, one environment).
 * 3. A batch of 50 workloads × 3 environments, across the three clouds.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { synthesizeEnvironment } from '@pave/plugin-infra-node';
import {
  benchEnvironments,
  benchOwnership,
  benchWorkload,
} from './infraFixtures';

const CLOUDS = ['aws', 'gcp', 'azure'] as const;
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

function cold(cloud: string, variant: 'deep' | 'barrel') {
  const out = execFileSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      join(__dirname, 'infraSynthOnce.ts'),
      cloud,
      variant,
    ],
    { encoding: 'utf8', cwd: join(__dirname, '..') },
  );
  return JSON.parse(out) as {
    ms: number;
    maxRssMb: number;
    modules: number;
    resources: number;
  };
}

console.log(
  '1. Cold process: 6 resources × 3 environments (median of %d runs)',
  COLD_RUNS,
);
console.log(
  '   cloud   variant      wall ms   peak RSS MB   modules   resources',
);
for (const cloud of CLOUDS) {
  for (const variant of ['deep', 'barrel'] as const) {
    const runs = Array.from({ length: COLD_RUNS }, () => cold(cloud, variant));
    console.log(
      `   ${cloud.padEnd(7)} ${variant.padEnd(8)} ${fmt(
        median(runs.map(r => r.ms)),
      )}   ${fmt(median(runs.map(r => r.maxRssMb)))}      ${fmt(
        runs[0].modules,
      )}  ${fmt(runs[0].resources)}`,
    );
  }
}

console.log(
  '\n2. Warm, in-process: one synthesis of a 6-resource workload for one environment',
);
console.log('   cloud     median ms     p95 ms   manifests median ms');
for (const cloud of CLOUDS) {
  const [environment] = benchEnvironments(cloud);
  const workload = benchWorkload('orders');
  synthesizeEnvironment({ workload, environment, ownership: benchOwnership }); // warm-up
  const times: number[] = [];
  const manifestTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = process.hrtime.bigint();
    const result = synthesizeEnvironment({
      workload,
      environment,
      ownership: benchOwnership,
    });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    // Rendered on demand (pave:infra:synth writes them): timed apart.
    const m = process.hrtime.bigint();
    result.manifests();
    manifestTimes.push(Number(process.hrtime.bigint() - m) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(
    `   ${cloud.padEnd(7)} ${fmt(median(times), 2)}   ${fmt(
      times[Math.floor(times.length * 0.95)],
      2,
    )}   ${fmt(median(manifestTimes), 2)}`,
  );
}

console.log('\n3. Batch: 50 workloads × 3 environments, clouds in turn');
const t = process.hrtime.bigint();
let resources = 0;
for (let i = 0; i < 50; i++) {
  const cloud = CLOUDS[i % 3];
  const workload = benchWorkload(`svc-${i}`, i);
  for (const environment of benchEnvironments(cloud)) {
    resources += synthesizeEnvironment({
      workload,
      environment,
      ownership: benchOwnership,
    }).plan.resources.length;
  }
}
const total = Number(process.hrtime.bigint() - t) / 1e6;
console.log(
  `   ${fmt(total)} ms total, ${fmt(
    total / 50,
    1,
  )} ms per workload, ${resources} cloud resources, peak RSS ${(
    process.resourceUsage().maxRSS / 1024
  ).toFixed(0)} MB`,
);
