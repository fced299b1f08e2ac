// Playwright drives the system Chromium (no browser download) against servers
// started per spec file by fixtures.ts, on SQLite and, when TEST_POSTGRES_URL is
// set, on PostgreSQL too.
import { defineConfig } from '@playwright/test';
import type { DatabaseOption } from './fixtures';

const projects: { name: string; use: DatabaseOption }[] = [{ name: 'sqlite', use: { database: 'sqlite' } }];
if (process.env.TEST_POSTGRES_URL) {
  projects.push({ name: 'postgres', use: { database: 'postgres' } });
}

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // Whole user journeys (sign-ups, several pages) on 2 shared cores: generous, never a speed check.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects,
});
