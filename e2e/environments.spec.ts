import { APIRequestContext, Page, expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { guestHeaders, pickEntity, signInAsGuest } from './signIn';

/**
 * The runtime layer as a developer meets it: the wizard creates a service
 * with a PostgreSQL database and a queue, the task runs it in the local
 * environment (real PostgreSQL and RabbitMQ on this machine), its readiness
 * answers 200 with both dependencies connected, the Environments tab shows
 * it, and Destroy removes the process, the database and the vhost — checked
 * against the servers themselves, with their admin credentials.
 */

const dataDir = () => {
  const dir = process.env.PAVE_DATA_DIR;
  if (!dir) throw new Error('PAVE_DATA_DIR is not set; run scripts/test.sh');
  return join(dir, 'local');
};

function serverFile(kind: string, file = 'server.json') {
  return JSON.parse(readFileSync(join(dataDir(), kind, file), 'utf8'));
}

async function databaseExists(name: string): Promise<boolean> {
  const { port, password } = serverFile('postgres');
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'pave',
    password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const result = await client.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [name],
    );
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

async function vhostStatus(request: APIRequestContext, vhost: string) {
  const { password } = serverFile('rabbitmq');
  const { management } = serverFile('rabbitmq', 'ports.json');
  const res = await request.get(
    `http://127.0.0.1:${management}/api/vhosts/${encodeURIComponent(vhost)}`,
    {
      headers: {
        Authorization: `Basic ${Buffer.from(`pave:${password}`).toString(
          'base64',
        )}`,
      },
    },
  );
  return res.status();
}

async function addResource(page: Page, index: number, name: string) {
  await page.getByRole('button', { name: 'Add Item' }).click();
  await page.getByRole('textbox', { name: 'Name' }).nth(index).fill(name);
}

async function chooseType(page: Page, index: number, type: string) {
  await page.getByRole('button', { name: /^Type/ }).nth(index).click();
  await page.getByRole('option', { name: type, exact: true }).click();
}

test('the wizard creates a service with PostgreSQL and a queue that runs, connected, until destroyed', async ({
  page,
  request,
}) => {
  test.setTimeout(480_000);
  const name = `run-${Date.now().toString(36)}`;
  await signInAsGuest(page);

  await page.goto('/create/templates/default/node-http-service');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await pickEntity(page, 'Owner', /^Payments$/);
  await pickEntity(page, 'System', /Payments Platform/);
  await page.getByRole('button', { name: 'Next' }).click();

  await addResource(page, 0, 'db');
  await chooseType(page, 0, 'PostgreSQL');
  await addResource(page, 1, 'jobs');
  await chooseType(page, 1, 'Queue');
  // One environment keeps the task short; the local one comes on top.
  for (const env of ['staging', 'prod']) {
    await page.getByRole('checkbox', { name: env }).uncheck();
  }
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Allowed', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click({ timeout: 30_000 });
  const started = Date.now();
  await page.getByRole('button', { name: 'Create' }).click({ timeout: 30_000 });

  // The task's own log says what the deploy is doing while it runs.
  await expect(page.getByText(/install: npm ci/).first()).toBeVisible({
    timeout: 240_000,
  });
  const running = page.getByRole('link', { name: 'Running service (local)' });
  await expect(running).toBeVisible({ timeout: 300_000 });
  console.log(`Create → running and ready: ${Date.now() - started} ms`);
  const url = await running.getAttribute('href');
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  // Ready means connected: logged in to PostgreSQL, the queue found over AMQP.
  const ready = await request.get(`${url}/readyz`);
  expect(ready.status()).toBe(200);
  const report = await ready.json();
  expect(report.dependencies).toEqual([
    expect.objectContaining({
      name: 'db',
      ok: true,
      detail: expect.stringMatching(/connected as /),
    }),
    expect.objectContaining({
      name: 'jobs',
      ok: true,
      detail: 'queue jobs connected',
    }),
  ]);

  // What the orchestrator shows of it: no password anywhere.
  const headers = await guestHeaders(request);
  const listed = await request.get(
    `/api/environments/deployments?entityRef=component:default/${name}`,
    { headers },
  );
  const [deployment] = (await listed.json()).items;
  expect(JSON.stringify(deployment)).not.toMatch(/password/i);
  const database = deployment.resources.find((r: any) => r.name === 'db')
    .outputs.database;
  const queueUrl = deployment.resources.find((r: any) => r.name === 'jobs')
    .outputs.url;
  expect(queueUrl).toMatch(/^amqp:\/\/[^:]+:\*\*\*\*@/);
  const vhost = decodeURIComponent(queueUrl.split('/').pop());
  expect(await databaseExists(database)).toBe(true);
  expect(await vhostStatus(request, vhost)).toBe(200);

  // The entity's Environments tab: running at that URL.
  await page.goto(`/catalog/default/component/${name}/environments`);
  await expect(page.getByLabel('Status', { exact: true })).toHaveText(
    'running',
  );
  await expect(page.getByRole('link', { name: url! })).toBeVisible();
  await expect(page.getByText(`database: ${database}`)).toBeVisible();

  // The platform's page lists it among everything that runs, priced.
  await page.goto('/environments');
  const row = page.getByRole('row').filter({
    has: page.getByRole('link', { name, exact: true }),
  });
  await expect(row).toContainText('local');
  await expect(row).toContainText('long-lived');
  await expect(row).toContainText(/\$\d/);

  // Destroy: the process, the database and the vhost are gone.
  await page.goto(`/catalog/default/component/${name}/environments`);
  await page.getByRole('button', { name: 'Destroy' }).click();
  await expect(page.getByLabel('Status', { exact: true })).toHaveText(
    'destroyed',
    {
      timeout: 60_000,
    },
  );
  await expect(request.get(`${url}/readyz`)).rejects.toThrow();
  expect(await databaseExists(database)).toBe(false);
  expect(await vhostStatus(request, vhost)).toBe(404);
});
