import { APIRequestContext, expect, test } from '@playwright/test';
import { signInAsGuest, guestHeaders } from './signIn';

/**
 * Cost through the running portal: the cost plugin estimates catalog
 * components from their Resources, takes actual spend from a FOCUS file,
 * compares the two, and rolls a team up against its budget; the Cost tab
 * and the team card show it.
 */

const TOKEN = process.env.PAVE_API_TOKEN;
const GATEWAY = encodeURIComponent('component:default/payments-gateway');

/** The gateway's cost, once the catalog refresh has recorded an estimate. */
async function gatewayCost(
  request: APIRequestContext,
  headers: Record<string, string>,
) {
  for (let i = 0; i < 120; i++) {
    const res = await request.get(`/api/cost/entities/${GATEWAY}`, { headers });
    expect(res.status()).toBe(200);
    const body = await res.json();
    if (body.current) return body;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error('no estimate recorded for payments-gateway within 60 s');
}

function month(offset: number) {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1),
  ).toISOString();
}

test('estimates, actuals and budgets of a team’s service', async ({
  request,
}) => {
  test.skip(!TOKEN, 'PAVE_API_TOKEN is not set');
  const headers = await guestHeaders(request);

  // The catalog's Resources (payments-db: prod, postgres, medium) are priced.
  const cost = await gatewayCost(request, headers);
  expect(cost.current.estimate.environments).toEqual([
    expect.objectContaining({ environment: 'prod', complete: true }),
  ]);
  // The service's own pods are priced too (golden-path requests, two
  // replicas in prod), each line saying where its price comes from.
  const [prod] = cost.current.estimate.environments;
  expect(prod.lineItems).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        address: 'containers.main',
        component: 'vcpu',
        quantity: 365, // 250m × 2 replicas × 730 h
        vendorSkus: expect.any(Array),
      }),
    ]),
  );
  expect(cost.history[0].cause).toEqual({
    kind: 'spec-change',
    detail: 'catalog Resources: prod (1)',
  });
  expect(cost.budget).toMatchObject({
    groupRef: 'group:default/payments',
    total: { budgetUsd: 18000 },
    byEnvironmentType: { prod: { budgetUsd: 12000 } },
  });
  const estimate = cost.current.monthlyUsd;

  // This month's bill so far: twice what the estimate expects for the part
  // of the month it covers (a divergence); and one bad row.
  const start = Date.parse(month(0));
  const end = Date.parse(month(1));
  // At least a day, so the first hours of a month still compare something.
  const covered = new Date(
    Math.max(
      Math.floor(Date.now() / 3_600_000) * 3_600_000,
      start + 86_400_000,
    ),
  );
  const fraction = (covered.getTime() - start) / (end - start);
  const actual = Math.round(estimate * fraction * 2 * 100) / 100;
  const tags = `"{""service"":""payments-gateway"",""environment"":""prod""}"`;
  const csv = [
    'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ProviderName,Tags',
    `USD,${month(0)},${covered.toISOString()},${actual.toFixed(2)},AWS,${tags}`,
    `USD,${month(0)},${covered.toISOString()},not-a-number,AWS,${tags}`,
  ].join('\n');
  const refused = await request.post('/api/cost/actuals/focus?source=e2e.csv', {
    headers: { ...headers, 'Content-Type': 'text/csv' },
    data: csv,
  });
  expect(refused.status()).toBe(403);
  const upload = await request.post('/api/cost/actuals/focus?source=e2e.csv', {
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/csv' },
    data: csv,
  });
  expect(upload.status()).toBe(200);
  expect(await upload.json()).toMatchObject({
    rowsIngested: 1,
    rowsRejected: 1,
    errors: [{ line: 3, message: expect.stringMatching(/^EffectiveCost/) }],
  });

  const after = await gatewayCost(request, headers);
  const current = after.actuals.find(
    (a: { month: string }) => a.month === month(0).slice(0, 7),
  );
  expect(current).toMatchObject({ actualUsd: actual, diverged: true });
  expect(current.deviation).toBeCloseTo(1, 1);

  const team = await request.get(
    `/api/cost/groups/${encodeURIComponent('group:default/payments')}`,
    { headers },
  );
  expect(team.status()).toBe(200);
  const rollup = await team.json();
  expect(rollup.entities).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        entityRef: 'component:default/payments-gateway',
        monthlyUsd: estimate,
      }),
    ]),
  );
  expect(rollup.budget.total.ownedUsd).toBeGreaterThanOrEqual(estimate);

  const unknown = await request.get(
    `/api/cost/entities/${encodeURIComponent('component:default/nope')}`,
    { headers },
  );
  expect(unknown.status()).toBe(404);
});

test('the Cost tab shows the estimate, its line items, history and budget', async ({
  page,
  request,
}) => {
  await gatewayCost(request, await guestHeaders(request));
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-gateway/cost');
  await expect(page.getByText('Monthly estimate')).toBeVisible();
  await expect(page.getByText('Line items')).toBeVisible();
  await expect(page.getByText('Estimates and actual spend')).toBeVisible();
  await expect(page.getByText('Team budget').first()).toBeVisible();
  // The prod database's instance line, priced from pricing/aws.yaml.
  await expect(
    page.getByRole('cell', { name: /Amazon RDS/ }).first(),
  ).toBeVisible();
  // Prices nobody checked against a vendor list are labelled as such.
  await expect(
    page.getByText('Includes unverified prices').first(),
  ).toBeVisible();
  await expect(
    page.getByText('unverified', { exact: true }).first(),
  ).toBeVisible();

  // The team's card on its Group page.
  await page.goto('/catalog/default/group/payments');
  await expect(page.getByText('Most expensive')).toBeVisible();
  await expect(
    page
      .getByRole('link', { name: /payments-gateway|Payments Gateway/ })
      .first(),
  ).toBeVisible();
});
