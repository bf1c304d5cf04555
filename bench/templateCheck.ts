/*
 * The wizard's live check (issue 20): `POST /api/policy/template-check` for
 * 2 resources × 3 environments, as the guest (a payments developer) types,
 * against a running portal. Every request names another service, as each
 * keystroke does, so nothing is served from a cache. Prints figures.
 *   yarn bench:template-check   (portal from scripts/start.sh)
 * 20 warm-up requests, then 200 one after another (the wizard waits for
 * each answer) and 200 from 4 clients at once.
 */
export {};

const BASE = process.env.PAVE_URL ?? 'http://localhost:7007';
const WARMUP = 20;
const REQUESTS = 200;

async function guestToken(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

function body(name: string) {
  return JSON.stringify({
    template: 'node-http-service',
    name,
    owner: 'group:default/payments',
    system: 'system:default/payments-platform',
    resources: [
      { name: 'db', type: 'postgres', size: 'small' },
      { name: 'cache', type: 'redis', size: 'small' },
    ],
    environments: ['dev', 'staging', 'prod'],
  });
}

async function check(token: string, name: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${BASE}/api/policy/template-check`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: body(name),
  });
  const answer = await res.json();
  if (res.status !== 200) {
    throw new Error(`template-check ${res.status}: ${JSON.stringify(answer)}`);
  }
  if (answer.cost?.error) {
    throw new Error(
      `template-check answered without cost: ${answer.cost.error}`,
    );
  }
  return performance.now() - started;
}

function report(label: string, latencies: number[], seconds: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  console.log(
    `   ${label.padEnd(18)} ${sorted.length} requests, ${(
      sorted.length / seconds
    ).toFixed(1)}/s: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(
      1,
    )} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
  );
}

async function main() {
  const token = await guestToken();
  const run = Date.now().toString(36);
  for (let i = 0; i < WARMUP; i++) {
    await check(token, `w${run}-${i}`);
  }
  const sequential: number[] = [];
  let started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    sequential.push(await check(token, `s${run}-${i}`));
  }
  const sequentialSeconds = (performance.now() - started) / 1000;
  const concurrent: number[] = [];
  started = performance.now();
  await Promise.all(
    [0, 1, 2, 3].map(async client => {
      for (let i = 0; i < REQUESTS / 4; i++) {
        concurrent.push(await check(token, `c${run}-${client}-${i}`));
      }
    }),
  );
  const concurrentSeconds = (performance.now() - started) / 1000;
  console.log(
    'Live template check (2 resources × 3 environments, with cost and budgets)',
  );
  report('one at a time', sequential, sequentialSeconds);
  report('4 clients at once', concurrent, concurrentSeconds);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
