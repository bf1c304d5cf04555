/*
 * Create → ready (issue 13): from POST /api/scaffolder/v2/tasks for the
 * node-http-service golden template with a PostgreSQL database and a queue
 * to the task's end, when the new service answers its readiness probe in
 * the local environment with both connected; then destroy. Through the REST
 * API of a running portal, as the guest (a payments developer), on real
 * PostgreSQL and RabbitMQ. Splits each run into the service's own work
 * (npm ci, its build, its start until ready) and the platform's (all the
 * rest: policy check, render, synthesis, publish, register, cost, fetch,
 * provision), from the deployment's step history. Prints figures.
 *   PAVE_DATA_DIR=/tmp/x scripts/start.sh      (a throw-away data directory)
 *   PAVE_API_TOKEN=… yarn bench:create-to-ready
 * BENCH_RUNS (default 5), one after another. The first run may pay for an
 * empty npm cache and for starting the servers; both are printed per run.
 */

const BASE = process.env.PAVE_URL ?? 'http://localhost:7007';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Event {
  at: string;
  action: string;
  outcome: string;
  detail: string;
}

async function guestToken(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

async function api<T>(token: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${BASE}${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`,
    );
  }
  return (await res.json()) as T;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function createToReady(token: string, name: string) {
  const started = Date.now();
  const { id } = await api<{ id: string }>(token, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef: 'template:default/node-http-service',
      values: {
        name,
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        dataClassification: 'internal',
        resources: [
          { name: 'db', type: 'postgres', size: 'small' },
          { name: 'jobs', type: 'queue', size: 'small' },
        ],
        environments: ['dev'],
      },
    }),
  });
  let status = 'open';
  while (!['completed', 'failed', 'cancelled'].includes(status)) {
    await sleep(200);
    status = (
      await api<{ status: string }>(token, `/api/scaffolder/v2/tasks/${id}`)
    ).status;
    if (Date.now() - started > 600_000)
      throw new Error(`task ${id} still ${status}`);
  }
  const total = Date.now() - started;
  const { items } = await api<{
    items: Array<{ id: string; status: string; url?: string }>;
  }>(
    token,
    `/api/environments/deployments?entityRef=component:default/${name}`,
  );
  const deployment = items[0];
  if (status !== 'completed' || deployment?.status !== 'running') {
    throw new Error(
      `${name}: task ${status}, deployment ${deployment?.status ?? 'none'}`,
    );
  }
  const ready = await fetch(`${deployment.url}/readyz`);
  if (ready.status !== 200) throw new Error(`${name}: /readyz ${ready.status}`);
  const { events } = await api<{ events: Event[] }>(
    token,
    `/api/environments/deployments/${deployment.id}`,
  );
  const at = (match: (e: Event) => boolean) => {
    const event = events.find(match);
    if (!event)
      throw new Error(`${name}: no event in ${JSON.stringify(events)}`);
    return Date.parse(event.at);
  };
  const install = at(
    e => e.action === 'step' && e.detail.startsWith('install'),
  );
  const build = at(e => e.action === 'step' && e.detail.startsWith('build'));
  const start = at(e => e.action === 'step' && e.detail.startsWith('start'));
  const running = at(e => e.action === 'deploy' && e.outcome === 'succeeded');
  const service = {
    npmCi: build - install,
    build: start - build,
    startToReady: running - start,
  };
  const own = service.npmCi + service.build + service.startToReady;

  const destroyStarted = Date.now();
  await api(token, `/api/environments/deployments/${deployment.id}`, {
    method: 'DELETE',
  });
  for (;;) {
    const current = await api<{ status: string }>(
      token,
      `/api/environments/deployments/${deployment.id}`,
    );
    if (current.status === 'destroyed') break;
    if (current.status === 'failed') throw new Error(`${name}: destroy failed`);
    await sleep(50);
  }
  return {
    total,
    platform: total - own,
    ...service,
    destroy: Date.now() - destroyStarted,
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};

async function main() {
  const token = await guestToken();
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const name = `bench-${Date.now().toString(36)}`;
    const run = await createToReady(token, name);
    runs.push(run);
    console.log(
      `run ${i + 1}: create → ready ${run.total} ms (platform ${
        run.platform
      } ms; npm ci ${run.npmCi} ms, build ${run.build} ms, start → ready ${
        run.startToReady
      } ms); destroy ${run.destroy} ms`,
    );
  }
  for (const key of [
    'total',
    'platform',
    'npmCi',
    'build',
    'startToReady',
    'destroy',
  ] as const) {
    const values = runs.map(r => r[key]);
    console.log(
      `${key.padEnd(13)} p50 ${String(percentile(values, 50)).padStart(
        6,
      )} ms   max ${String(Math.max(...values)).padStart(6)} ms`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

export {};
