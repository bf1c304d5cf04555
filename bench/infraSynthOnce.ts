/*
 * One cold process: load the engine (deep imports) — or, with "barrel", the
 * three provider barrels as a barrel-importing engine would — and synthesize a
 * 6-resource workload for 3 environments on one cloud. Prints JSON.
 */
const [cloud, variant] = process.argv.slice(2) as [
  'aws' | 'gcp' | 'azure',
  'deep' | 'barrel',
];
const started = process.hrtime.bigint();
if (variant === 'barrel') {
  require('@cdktf/provider-aws');
  require('@cdktf/provider-google');
  require('@cdktf/provider-azurerm');
}
const { synthesizeEnvironment } = require('@pave/plugin-infra-node');
const {
  benchWorkload,
  benchOwnership,
  benchEnvironments,
} = require('./infraFixtures');

let resources = 0;
for (const environment of benchEnvironments(cloud)) {
  const result = synthesizeEnvironment({
    workload: benchWorkload('orders'),
    environment,
    ownership: benchOwnership,
  });
  resources += result.plan.resources.length;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(
  JSON.stringify({
    cloud,
    variant,
    ms,
    resources,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    modules: Object.keys(require.cache).length,
  }),
);
