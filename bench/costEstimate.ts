/*
 * Cost estimate benchmark (issue 7). Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/costEstimate.ts
 * In-process, warm: CostEstimator.estimate on real plan records from the
 * infra engine (prod and staging plans of the three clouds, 50 records),
 * and once per run the catalog load, which happens at plugin start.
 */
import { EnvironmentPlan } from '@pave/plugin-infra-common';
import { CostEstimator, PricingCatalog } from '@pave/plugin-cost-node';
import { join } from 'node:path';
import {
  environmentPlan,
  everyResource,
} from '@pave/plugin-cost-node/testUtils';
import { percentile } from './percentile';

const PRICING = join(__dirname, '..', 'pricing');
const RUNS = Number(process.env.BENCH_RUNS ?? 3000);
const RECORDS = 50;

/** Real plans of the three clouds, cut to exactly `count` records. */
function plans(count: number): EnvironmentPlan[] {
  const all = [
    environmentPlan('aws', 'prod', everyResource('large')),
    environmentPlan('gcp', 'prod', everyResource('large')),
    environmentPlan('azure', 'prod', everyResource('large')),
    environmentPlan('aws', 'staging', everyResource('medium')),
    environmentPlan('gcp', 'staging', everyResource('medium')),
    environmentPlan('azure', 'staging', everyResource('medium')),
  ];
  const result: EnvironmentPlan[] = [];
  let left = count;
  for (const plan of all) {
    if (left === 0) break;
    result.push({ ...plan, resources: plan.resources.slice(0, left) });
    left -= Math.min(left, plan.resources.length);
  }
  if (left > 0) throw new Error(`only ${count - left} records available`);
  return result;
}

async function main() {
  const loadStart = process.hrtime.bigint();
  const catalog = await PricingCatalog.fromDirectory(PRICING);
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const estimator = new CostEstimator({ catalog });
  const input = plans(RECORDS);

  for (let i = 0; i < Math.min(500, RUNS); i++) {
    estimator.estimate(input); // warm-up: JIT
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    estimator.estimate(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 0.5);
  const p99 = percentile(times, 0.99);
  const estimate = estimator.estimate(input);
  const lineItems = estimate.environments.reduce(
    (n, e) => n + e.lineItems.length,
    0,
  );

  console.log(`Cost estimate, in-process (${RUNS} runs; µs)`);
  console.log(
    '   records   environments   line items   median µs     p99 µs   median µs/record   catalog load ms',
  );
  console.log(
    `   ${String(RECORDS).padStart(7)} ${String(input.length).padStart(
      14,
    )} ${String(lineItems).padStart(12)} ${median.toFixed(0).padStart(11)} ${p99
      .toFixed(0)
      .padStart(10)} ${(median / RECORDS).toFixed(1).padStart(18)} ${loadMs
      .toFixed(0)
      .padStart(17)}`,
  );
  console.log(
    `\n   estimate: ${estimate.monthlyUsd} USD/month over ${input.length} environments, complete: ${estimate.complete}, prices as of ${estimate.pricingAsOf}`,
  );
  console.log(
    `   peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
