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
