import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the home page explains Pave and links to Create, Catalog and Docs', async ({
  page,
}) => {
  await expect(page).toHaveTitle(/Pave/);
  await expect(
    page.getByRole('heading', { name: 'Welcome to Pave' }),
  ).toBeVisible();
  const item = (text: string) =>
    page.getByRole('listitem').filter({ hasText: text });
  await expect(
    item('from a golden template').getByRole('link', {
      name: 'Create a service',
    }),
  ).toHaveAttribute('href', '/create');
  await expect(
    item('Know what it costs').getByRole('link', { name: 'Catalog' }),
  ).toHaveAttribute('href', '/catalog');
  await expect(
    item('Read the docs').getByRole('link', { name: 'Docs' }),
  ).toHaveAttribute('href', '/docs');
});

test('the catalog lists the seeded components of every team', async ({
  page,
}) => {
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  const table = page.getByRole('table');
  for (const name of [
    'Payments Gateway',
    'Ledger Service',
    'Loan Origination',
    'KYC Service',
    'Card Authorizer',
    'Pave Portal',
  ]) {
    await expect(table.getByRole('link', { name, exact: true })).toBeVisible();
  }
});

test('an entity page opens with its owner, system and APIs', async ({
  page,
}) => {
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  await page
    .getByRole('link', { name: 'Payments Gateway', exact: true })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-gateway/,
  );
  await expect(
    page.getByRole('heading', { name: 'Payments Gateway' }).first(),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'About' })).toBeVisible();
  await expect(
    page.getByText('Accepts payment instructions from channels'),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Provided APIs' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Payments API', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Payments Platform' }).first(),
  ).toBeVisible();
});

test('Create lists the golden templates', async ({ page }) => {
  await page.goto('/create');
  await expect(
    page.getByRole('heading', { name: 'Node.js HTTP service' }),
  ).toBeVisible();
  await expect(
    page.getByText('A TypeScript HTTP API with health checks'),
  ).toBeVisible();
});

test('a product developer is offered only what they may do, and the home widgets', async ({
  browser,
}) => {
  // A fresh context, to watch the app ask the permission framework at start.
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  const decisions: Array<{ name: string; result: string }> = [];
  page.on('response', async response => {
    if (!response.url().endsWith('/api/permission/authorize')) return;
    const request = JSON.parse(response.request().postData() ?? '{}');
    const body = await response.json().catch(() => ({ items: [] }));
    request.items?.forEach((item: any, i: number) =>
      decisions.push({
        name: item.permission?.name,
        result: body.items?.[i]?.result,
      }),
    );
  });
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'Create' })).toBeVisible();
  // Registering locations and managing templates are the platform team's:
  // the app asked, was told DENY, and offers neither.
  await expect
    .poll(() => decisions.map(d => `${d.name}=${d.result}`))
    .toEqual(
      expect.arrayContaining([
        'catalog.location.create=DENY',
        'scaffolder.template.management=DENY',
      ]),
    );
  await expect(
    nav.getByRole('link', { name: /Register Existing/ }),
  ).toHaveCount(0);
  await page.goto('/create');
  await expect(page.getByRole('tab', { name: 'Tasks' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Template Editor' })).toHaveCount(
    0,
  );
  await page.goto('/catalog-import');
  await expect(page.getByText(/404/)).toBeVisible();

  // The home page's right-hand widgets render beside the introduction, on
  // a laptop-sized window, not below the fold.
  await page.goto('/');
  for (const title of [
    'Your Starred Entities',
    'Toolkit',
    'Recently Visited',
  ]) {
    await expect(page.getByText(title, { exact: true })).toBeInViewport();
  }
  await context.close();
});
