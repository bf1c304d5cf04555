/*
 * Golden path wall time (issue 5): from creating a scaffolder task to the
 * service's Component being visible in the catalog, through the REST API of
 * a running portal, as the guest (a payments developer). Prints figures.
 *   PAVE_API_TOKEN=… yarn bench:golden-path   (portal from scripts/start.sh)
 * Five tasks one after another (median), then four at once. Run it against
 * a throw-away data directory (PAVE_DATA_DIR=/tmp/x scripts/start.sh): every
 * run publishes real repositories; the catalog locations are removed after.
 */
// A module, so its constants do not clash with the other bench scripts'.
export {};

const BASE = process.env.PAVE_URL ?? 'http://localhost:7007';
const TOKEN = process.env.PAVE_API_TOKEN;
const TEMPLATE = process.env.BENCH_TEMPLATE ?? 'node-http-service';

if (!TOKEN) {
  throw new Error('Set PAVE_API_TOKEN (see README "Access")');
}

async function guestToken(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

async function scaffold(token: string, name: string): Promise<number> {
  const headers = {
    Authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const started = Date.now();
  const res = await fetch(`${BASE}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      templateRef: `template:default/${TEMPLATE}`,
      values: {
        name,
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        dataClassification: 'internal',
        resources: [{ name: 'db', type: 'postgres', size: 'small' }],
        environments: ['dev', 'prod'],
      },
    }),
  });
  if (res.status !== 201) {
    throw new Error(`task for ${name}: ${res.status} ${await res.text()}`);
  }
  for (;;) {
    const entity = await fetch(
      `${BASE}/api/catalog/entities/by-name/component/default/${name}`,
      { headers },
    );
    if (entity.status === 200) {
      return Date.now() - started;
    }
    if (Date.now() - started > 300_000) {
      throw new Error(`${name} not in the catalog after 300 s`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
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

async function main() {
  const token = await guestToken();
  const run = Date.now().toString(36);
  const names: string[] = [];
  const sequential: number[] = [];
  for (let i = 0; i < 5; i++) {
    const name = `bench-${run}-${i}`;
    names.push(name);
    sequential.push(await scaffold(token, name));
  }
  const concurrentNames = [0, 1, 2, 3].map(i => `bench-${run}-c${i}`);
  names.push(...concurrentNames);
  const started = Date.now();
  const concurrent = await Promise.all(
    concurrentNames.map(name => scaffold(token, name)),
  );
  const wall = Date.now() - started;
  await cleanup(names);

  const sorted = [...sequential].sort((a, b) => a - b);
  console.log(
    `Golden path (${TEMPLATE}): task created → Component in the catalog`,
  );
  console.log(
    `   one at a time (5): median ${(sorted[2] / 1000).toFixed(1)} s, min ${(
      sorted[0] / 1000
    ).toFixed(1)} s, max ${(sorted[4] / 1000).toFixed(1)} s`,
  );
  console.log(
    `   four at once:      each ${concurrent
      .map(ms => (ms / 1000).toFixed(1))
      .join(' / ')} s, all four in ${(wall / 1000).toFixed(1)} s`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
