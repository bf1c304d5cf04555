import { defineConfig } from '@playwright/test';

/**
 * The scale-out story, tested: two real backend processes on one
 * PostgreSQL (scripts/replicas.sh starts the database; the tests start,
 * kill and restart the replicas themselves).
 */
export default defineConfig({
  testDir: '.',
  timeout: 300_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  outputDir: '../test-results/replicas',
});
