import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

/**
 * The Compliance tab judges a component's registered infrastructure with
 * the policies in force: payments-gateway depends on payments-db, a
 * medium PostgreSQL database annotated `pave.dev/environment: prod`.
 */

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the Compliance tab shows the verdict per environment', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/payments-gateway');
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Compliance' })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-gateway\/compliance$/,
  );

  const table = page.getByRole('table', { name: 'Compliance by environment' });
  await expect(table).toBeVisible();
  const prod = table.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: 'prod', exact: true }),
  });
  await expect(prod).toHaveCount(1);
  await expect(prod.getByText('Allowed', { exact: true })).toBeVisible();
  await expect(
    prod.locator('a[href="/catalog/default/resource/payments-db"]'),
  ).toBeVisible();

  // The service itself is judged too, and the time of the verdict shown.
  await expect(page.getByRole('heading', { name: 'Service' })).toBeVisible();
  await expect(page.getByText(/^Evaluated at/)).toBeVisible();
});
