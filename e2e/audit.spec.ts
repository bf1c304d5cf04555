import { expect, test } from '@playwright/test';
import { signInAsGuest, guestToken } from './signIn';

/**
 * The audit trail through the running portal: what a developer does is
 * recorded against the entities it concerns, readable by the owning team,
 * exportable by the platform's token, verifiable, and free of secrets.
 */

const TOKEN = process.env.PAVE_API_TOKEN;

test('a team reads the trail of what it owns, and nothing else', async ({
  request,
}) => {
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };
  const ref = 'component:default/payments-gateway';

  // Reading the entity is itself an audited catalog event naming it.
  expect(
    (
      await request.get(
        '/api/catalog/entities/by-name/component/default/payments-gateway',
        { headers },
      )
    ).status(),
  ).toBe(200);

  let items: any[] = [];
  for (let i = 0; i < 40 && items.length === 0; i++) {
    const res = await request.get(
      `/api/audit/events?entityRef=${encodeURIComponent(ref)}&plugin=catalog`,
      { headers },
    );
    expect(res.status()).toBe(200);
    items = (await res.json()).items;
    if (items.length === 0) {
      await new Promise(r => setTimeout(r, 250));
    }
  }
  expect(items.length).toBeGreaterThan(0);
  expect(items[0]).toMatchObject({
    plugin: 'catalog',
    entityRefs: expect.arrayContaining([ref]),
  });

  // The whole trail is the platform team's; a team gets only its own.
  const all = await request.get('/api/audit/events', { headers });
  expect(all.status()).toBe(403);
  const theirs = await request.get(
    `/api/audit/events?entityRef=${encodeURIComponent(
      'component:default/loan-origination',
    )}`,
    { headers },
  );
  expect(theirs.status()).toBe(403);
  expect((await theirs.json()).error.message).toMatch(
    /visible to its owners and the platform team/,
  );

  const bad = await request.get('/api/audit/events?limit=100000', {
    headers,
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/^limit/);

  const write = await request.post('/api/audit/events', {
    headers,
    data: {},
  });
  expect(write.status()).toBe(405);

  // The chain verifies, and the export carries no credential.
  const verify = await request.get('/api/audit/verify', { headers });
  expect(verify.status()).toBe(200);
  expect(await verify.json()).toMatchObject({ valid: true });

  const exported = await request.get('/api/audit/events/export', {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(exported.status()).toBe(200);
  const ndjson = await exported.text();
  expect(ndjson.split('\n').filter(Boolean).length).toBeGreaterThan(0);
  expect(ndjson).not.toContain(token);
  expect(ndjson).not.toContain(TOKEN!);
});

test('the Audit tab shows who did what to a component, and the chain intact', async ({
  page,
}) => {
  await signInAsGuest(page);
  // Opening the entity page is itself audited against the component.
  await page.goto('/catalog/default/component/payments-gateway');
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Audit' })
    .click();
  await expect(page).toHaveURL(/\/component\/payments-gateway\/audit$/);
  const table = page.getByRole('table', { name: 'Audit trail' });
  await expect(table).toBeVisible();
  await expect(
    table.getByRole('row').filter({ hasText: 'user:default/guest' }).first(),
  ).toBeVisible();
  await expect(page.getByText(/^Chain intact · \d+ records$/)).toBeVisible();
});
