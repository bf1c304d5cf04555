import { request } from '@playwright/test';

/**
 * Waits until the catalog has ingested the seeded organisation: a fresh data
 * directory starts empty and the tests must not race the first ingestion.
 */
export default async function globalSetup() {
  const baseURL = process.env.PAVE_E2E_URL ?? 'http://localhost:7007';
  const token = process.env.PAVE_API_TOKEN;
  if (!token) {
    throw new Error(
      'PAVE_API_TOKEN is not set; run the tests through scripts/test.sh',
    );
  }
  const api = await request.newContext({
    baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  const wanted = [
    'component:default/payments-gateway',
    'component:default/pave-portal',
    'template:default/node-http-service',
    'template:default/node-worker',
    'user:default/guest',
  ];
  const deadline = Date.now() + 120_000;
  try {
    for (;;) {
      const res = await api.post('/api/catalog/entities/by-refs', {
        data: { entityRefs: wanted },
      });
      const items = res.ok() ? (await res.json()).items : [];
      if (items.length === wanted.length && items.every(Boolean)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `The catalog did not ingest the seeded entities within 120 s (status ${res.status()})`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
  } finally {
    await api.dispose();
  }
}
