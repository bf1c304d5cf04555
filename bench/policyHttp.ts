/*
 * Policy API throughput (issue 4): 4 concurrent clients POST
 * /api/policy/evaluate against a running backend on loopback. Prints figures.
 *   PAVE_API_TOKEN=… yarn bench:policy-http   (portal started with scripts/start.sh)
 * Bounded: 250 requests per client and 60 s at most.
 */
const BASE = process.env.PAVE_URL ?? 'http://localhost:7007';
const TOKEN = process.env.PAVE_API_TOKEN;
const CLIENTS = 4;
const PER_CLIENT = 250;
const DEADLINE = Date.now() + 60_000;

if (!TOKEN) {
  throw new Error('Set PAVE_API_TOKEN (see README "Access")');
}
const headers = {
  Authorization: `Bearer ${TOKEN}`,
  'content-type': 'application/json',
};

async function planRecords(count: number) {
  const resources = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `q${i}`,
      { type: i % 2 ? 'queue' : 'postgres' },
    ]),
  );
  const res = await fetch(`${BASE}/api/infra/plan`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      workload: {
        apiVersion: 'score.dev/v1b1',
        metadata: { name: 'bench' },
        containers: { main: { image: 'bench:1' } },
        resources,
      },
      ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
      environments: ['prod'],
    }),
  });
  const body = await res.json();
  return body.environments[0].resources
    .slice(0, count)
    .map((r: object) => ({ type: 'infra-resource', ...r }));
}

async function run(label: string, resources: object[]) {
  const body = JSON.stringify({
    principal: {
      userEntityRef: 'user:default/tom.becker',
      groups: ['group:default/payments'],
    },
    action: 'infra.provision',
    resources,
  });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < PER_CLIENT && Date.now() < DEADLINE; i++) {
        const t = performance.now();
        const res = await fetch(`${BASE}/api/policy/evaluate`, {
          method: 'POST',
          headers,
          body,
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(latencies.length * q)];
  console.log(
    `${label.padEnd(12)} ${String(latencies.length).padStart(6)} requests  ${(
      latencies.length / seconds
    )
      .toFixed(0)
      .padStart(6)} req/s  median ${at(0.5).toFixed(1)} ms  p99 ${at(
      0.99,
    ).toFixed(1)} ms`,
  );
}

(async () => {
  console.log(`${CLIENTS} clients against ${BASE}/api/policy/evaluate`);
  await run('1 resource', await planRecords(1));
  await run('30 resources', await planRecords(30));
})();
