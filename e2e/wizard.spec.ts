import { expect, test } from '@playwright/test';
import { pickEntity, signInAsGuest } from './signIn';

/**
 * The golden path as a developer clicks it: fill the Create wizard for the
 * HTTP service, see the live policy verdict, create it, watch the task and
 * open the new service's entity page from the task's output.
 */
test('the wizard creates a service and opens its entity page', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  const name = `web-${Date.now().toString(36)}`;

  await page.goto('/create/templates/default/node-http-service');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Refund card payments');
  await pickEntity(page, 'Owner', /^Payments$/);
  await pickEntity(page, 'System', /Payments Platform/);
  await page.getByRole('button', { name: 'Next' }).click();

  // Infrastructure: the default environments, no resources.
  await expect(page.getByRole('checkbox', { name: 'prod' })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // Guardrails: the same check the task runs, live.
  await expect(page.getByText('Allowed', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Create' }).click({ timeout: 30_000 });

  const open = page.getByRole('link', { name: 'Open in catalog' });
  await expect(open).toBeVisible({ timeout: 180_000 });
  await open.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  await expect(page.getByRole('heading', { name }).first()).toBeVisible();
});
