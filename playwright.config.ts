import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against what users get: the backend serving the production
 * build of the portal (scripts/test.sh builds it and starts nothing else).
 * Chromium is Debian's (/usr/bin/chromium): browser downloads do not work here.
 */
const baseURL = process.env.PAVE_E2E_URL ?? 'http://localhost:7007';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: require.resolve('./e2e/globalSetup'),
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'test-results',
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PAVE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // The real backend, serving packages/app/dist; the data directory, app URL
    // and API token come from the environment scripts/test.sh prepares.
    command: 'yarn workspace backend start',
    url: `${baseURL}/.backstage/health/v1/readiness`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
