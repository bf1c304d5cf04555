/*
 * Policy engine benchmark (issue 4). Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/policyEvaluate.ts
 * In-process, warm: PolicyEngine.evaluate on real plan records, with the
 * baseline pack and with the pack plus 100 generated forbid policies, for one
 * resource and for a 30-resource plan (one Cedar decision per resource).
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InfraResourceFacts,
  PolicyEvaluateRequest,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import {
  ordersWorkload,
  planFacts,
  recordOf,
} from '@pave/plugin-policy-node/testUtils';
import { percentile } from './percentile';

const POLICIES = join(__dirname, '..', 'policies');
const RUNS_ONE = Number(process.env.BENCH_RUNS ?? 3000);
const RUNS_PLAN = Math.ceil(RUNS_ONE / 10);

/** 100 forbid rules shaped like real ones; none matches the bench plan. */
function generatedPolicies(): string {
  const rules: string[] = [];
  for (let i = 0; i < 100; i++) {
    const condition = [
      `resource.region == "xx-north-${i}"`,
      `resource.resourceType == "postgres" && resource has storageGb && resource.storageGb > ${
        5000 + i
      }`,
      `resource.hasTag("service") && resource.getTag("service") == "legacy-${i}"`,
      `["sku-${i}", "sku-${i + 1}"].contains(resource.terraformType)`,
      `principal in Pave::Group::"group:default/frozen-${i}" && resource.environmentType == "prod"`,
    ][i % 5];
    rules.push(
      `@id("generated-${i}")\n@message("Generated rule ${i}.")\n@severity("${
        i % 4 === 0 ? 'warn' : 'deny'
      }")\nforbid (principal, action, resource is Pave::InfraResource)\nwhen { ${condition} };\n`,
    );
  }
  return rules.join('\n');
}

/** 30 plan records: prod plans of three clouds and a large database. */
function thirtyResources(): InfraResourceFacts[] {
  const records = [
    ...planFacts('aws', 'prod'),
    ...planFacts('gcp', 'prod'),
    ...planFacts('azure', 'prod'),
    ...planFacts('aws', 'staging', ordersWorkload('large')),
  ];
  return records.slice(0, 30);
}

function measure(
  engine: PolicyEngine,
  request: PolicyEvaluateRequest,
  runs: number,
) {
  for (let i = 0; i < Math.min(500, runs); i++) {
    engine.evaluate(request); // warm-up: JIT and wasm caches
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    engine.evaluate(request);
    times.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

async function main() {
  const extra = await mkdtemp(join(tmpdir(), 'pave-policy-bench-'));
  try {
    await cp(POLICIES, extra, { recursive: true });
    await writeFile(join(extra, 'generated.cedar'), generatedPolicies());

    const engines: Array<[string, PolicyEngine, number]> = [];
    for (const [label, directory] of [
      ['baseline pack', POLICIES],
      ['baseline + 100', extra],
    ]) {
      const start = process.hrtime.bigint();
      const engine = await PolicyEngine.create({ directory });
      const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
      engines.push([label, engine, loadMs]);
    }

    const principal = {
      userEntityRef: 'user:default/tom.becker',
      groups: ['group:default/payments'],
    };
    const one: PolicyEvaluateRequest = {
      principal,
      action: 'infra.provision',
      resources: [recordOf(planFacts('aws', 'prod'), 'db', 'database')],
    };
    const plan: PolicyEvaluateRequest = {
      ...one,
      resources: thirtyResources(),
    };

    console.log(
      `Policy evaluation, in-process (${RUNS_ONE} runs for 1 resource, ${RUNS_PLAN} for 30; µs)`,
    );
    console.log(
      '   policy set        policies  load ms   resources   median µs     p99 µs   median µs/resource',
    );
    for (const [label, engine, loadMs] of engines) {
      for (const [request, runs] of [
        [one, RUNS_ONE],
        [plan, RUNS_PLAN],
      ] as const) {
        const { median, p99 } = measure(engine, request, runs);
        const n = request.resources.length;
        console.log(
          `   ${label.padEnd(16)} ${String(
            engine.listPolicies().length,
          ).padStart(9)} ${loadMs.toFixed(0).padStart(8)} ${String(n).padStart(
            11,
          )} ${median.toFixed(0).padStart(11)} ${p99
            .toFixed(0)
            .padStart(10)} ${(median / n).toFixed(0).padStart(20)}`,
        );
      }
    }
    const verdict = engines[1][1].evaluate(plan);
    console.log(
      `\n   30-resource plan verdict with 100 extra policies: ${verdict.decision}, ${verdict.violations.length} violations, ${verdict.warnings.length} warnings`,
    );
    console.log(
      `   peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  } finally {
    await rm(extra, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
