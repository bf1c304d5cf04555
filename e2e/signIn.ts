import { APIRequestContext, expect, Page } from '@playwright/test';

/** Signs in through the guest provider, as a developer on a laptop would. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * Chooses an entity in one of the wizard's pickers (OwnerPicker,
 * EntityPicker): the options come from the catalog, so it waits for them.
 */
export async function pickEntity(page: Page, field: string, option: RegExp) {
  await page.getByRole('textbox', { name: field }).click();
  await page
    .getByRole('option', { name: option })
    .first()
    .click({ timeout: 30_000 });
}

/** The guest's Backstage token, as the portal gets it when they click Enter. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/auth/guest/refresh?env=development', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

/** Headers that call the API as the signed-in guest. */
export async function guestHeaders(request: APIRequestContext) {
  return { Authorization: `Bearer ${await guestToken(request)}` };
}
