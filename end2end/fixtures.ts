// Each spec file gets its own Dealflow server on a free port with a throwaway
// database, so every spec starts from a fresh, empty workspace.
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type DatabaseOption = { database: 'sqlite' | 'postgres' };

const root = path.resolve(__dirname, '..');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
const binary = process.env.DEALFLOW_BIN || path.join(targetDir, 'debug', 'dealflow');
const siteRoot = process.env.LEPTOS_SITE_ROOT || path.join(root, 'target', 'site');

export type Dealflow = { url: string; stop: () => Promise<void> };

function psql(adminUrl: string, sql: string) {
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: 'pipe' });
}

function databaseUrl(adminUrl: string, name: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startDealflow(database: DatabaseOption['database']): Promise<Dealflow> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dealflow-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEALFLOW_DATA_DIR: dataDir,
    LEPTOS_SITE_ROOT: siteRoot,
    LEPTOS_ENV: 'PROD',
    RUST_LOG: 'warn',
  };
  delete env.DATABASE_URL;
  let pgName: string | undefined;
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (database === 'postgres' && adminUrl) {
    pgName = `dealflow_e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    psql(adminUrl, `CREATE DATABASE ${pgName}`);
    env.DATABASE_URL = databaseUrl(adminUrl, pgName);
  }
  const child: ChildProcess = spawn(binary, ['serve', '--addr', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Dealflow did not start in 30 s:\n${logs}`)), 30_000);
    const onData = (chunk: Buffer) => {
      logs += chunk.toString();
      const match = logs.match(/ready at (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`Dealflow exited with ${code}:\n${logs}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
      if (pgName && adminUrl) psql(adminUrl, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    },
  };
}

/** What the browser reported as blocked by the Content-Security-Policy during this worker's current test. */
const cspViolations: string[] = [];
const CSP_REPORT = /Content[- ]Security[- ]Policy/i;
const watchedContexts = new WeakSet<BrowserContext>();

/** Collects every console message about the policy, and every `securitypolicyviolation` event, of a context's pages. */
async function watchCsp(context: BrowserContext) {
  if (watchedContexts.has(context)) return;
  watchedContexts.add(context);
  const watchPage = (page: Page) =>
    page.on('console', (message) => {
      if (CSP_REPORT.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
    });
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  // Init scripts come from the test driver, not the page, so the policy does not stop them.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content-Security-Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
}

export const test = base.extend<{ dealflow: Dealflow; cspGuard: void }, DatabaseOption>({
  database: ['sqlite', { option: true, scope: 'worker' }],
  // Contexts a test opens itself (a second browser) are watched too.
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        await watchCsp(context);
        return context;
      };
      await use(browser);
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => {
    await watchCsp(context);
    await use(context);
  },
  // Every test fails on anything the Content-Security-Policy blocked: the app must work under it.
  cspGuard: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      cspViolations.length = 0;
      await use();
      expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  // A server of its own for every test: each starts from a fresh, empty workspace.
  dealflow: async ({ database }, use) => {
    const server = await startDealflow(database);
    await use(server);
    await server.stop();
  },
  baseURL: async ({ dealflow }, use) => {
    await use(dealflow.url);
  },
});

export { expect };

/** Waits until the page is hydrated, so clicks run the app's code and not just native forms. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__dealflowHydrated === true);
}

export const ADMIN = { business: 'Acme Robotics', name: 'Dana Scully', email: 'dana@acme.test', password: 'correct horse battery' };

/** Fills in `Create your workspace` as a new customer would, with demo data if asked. */
export async function createWorkspace(page: Page, { demo = false } = {}) {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Create your workspace' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Business name').fill(ADMIN.business);
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Work email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  if (demo) await page.getByLabel('Add demo data to explore').check();
  await page.getByRole('button', { name: 'Create workspace' }).click();
  // Writing a year of demo history takes a while on 2 shared cores.
  await expect(page.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible({ timeout: demo ? 120_000 : undefined });
  await hydrated(page);
}

/** Opens a page and waits until it is interactive. */
export async function visit(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page, name = ADMIN.name) {
  await page.getByLabel(`Account menu for ${name}`).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** A stage column on the board, found by its heading. */
export function column(page: Page, stage: string) {
  return page.getByRole('region', { name: stage, exact: true });
}

/** A deal card, found by its name. */
export function card(page: Page, name: string) {
  return page.getByRole('article', { name, exact: true });
}

/** The board's announcement that the server accepted a move. */
export function saved(page: Page, text: string) {
  return page.getByRole('status').filter({ hasText: text });
}

/** Drags a deal card onto a stage column with the mouse, as a person would. */
export async function dragCard(page: Page, name: string, stage: string) {
  await card(page, name).scrollIntoViewIfNeeded();
  const from = await card(page, name).boundingBox();
  if (!from) throw new Error(`cannot drag ${name} to ${stage}: not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + 28, { steps: 3 });
  // Columns out of sight come into view by holding the card at the board's edge.
  const width = page.viewportSize()!.width;
  for (let nudge = 0; nudge < 100; nudge++) {
    const box = (await column(page, stage).boundingBox())!;
    const x = box.x + box.width / 2;
    if (x > 370 && x < width - 140) {
      await page.mouse.move(x, box.y + 60, { steps: 8 });
      break;
    }
    const edge = x >= width - 140 ? width - 60 - (nudge % 2) : 310 + (nudge % 2);
    await page.mouse.move(edge, box.y + 60);
  }
  await expect(column(page, stage)).toHaveClass(/drop-target/);
  await page.mouse.up();
}

/** From a fresh workspace: the board with the default pipeline set up. */
export async function boardWithPipeline(page: Page) {
  await createWorkspace(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Opportunities' }).click();
  await expect(page.getByRole('heading', { name: 'No pipeline yet' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Set up a pipeline' }).click();
  await expect(column(page, 'Prospecting')).toBeVisible();
  await hydrated(page);
}

/** Fills in `Create Opportunity` and waits for the card. */
export async function createDeal(
  page: Page,
  deal: { name: string; value?: string; stage?: string; contact?: string; email?: string; close?: string },
) {
  await page.getByRole('button', { name: 'Create Opportunity' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Opportunity' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Opportunity name').fill(deal.name);
  if (deal.value) await dialog.getByLabel(/^Value/).fill(deal.value);
  if (deal.stage) await dialog.getByLabel('Stage').selectOption({ label: deal.stage });
  if (deal.contact) {
    await dialog.getByRole('button', { name: 'New contact instead' }).click();
    await dialog.getByLabel('Contact name').fill(deal.contact);
    if (deal.email) await dialog.getByLabel('Contact email').fill(deal.email);
  }
  if (deal.close) await dialog.getByLabel('Expected close date').fill(deal.close);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(card(page, deal.name)).toBeVisible();
}

/** A row of the list view's table, found by the deal's name. */
export function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** The list view's column headers, in order. */
export async function headers(page: Page) {
  return (await page.locator('table.list-table thead th[scope=col] a').allTextContents()).map((t) => t.replace(/[↑↓]/g, '').trim());
}

/** The deal names of the list's rows, in order. */
export async function listed(page: Page) {
  return page.locator('table.list-table tbody th[scope=row]').allInnerTexts();
}

/** Defines a custom field on `Custom fields` (from the navigation), as an admin would. */
export async function defineCustomField(page: Page, name: string, type: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Custom fields' }).click();
  await hydrated(page);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Type').selectOption({ label: type });
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('region', { name: 'Opportunity fields' })).toContainText(name);
}

export type Teammate = { name: string; email: string; role: 'admin' | 'manager' | 'user'; onlyAssigned?: boolean; temporary: string; own: string };

/** Adds `person` on the Users page, as an admin does. */
export async function addTeammate(page: Page, person: Teammate) {
  await visit(page, '/users');
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Role', { exact: true }).selectOption(person.role);
  await page.getByLabel('Temporary password').fill(person.temporary);
  if (person.onlyAssigned) await page.getByLabel('Only assigned data', { exact: true }).check();
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`${person.name} was added.`)).toBeVisible();
}

/** Signs `person` in with their temporary password and sets their own, ending on Home. */
export async function signInFirstTime(page: Page, person: Teammate) {
  await signIn(page, person.email, person.temporary);
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);
  await page.getByLabel('Current password').fill(person.temporary);
  await page.getByLabel('New password', { exact: true }).fill(person.own);
  await page.getByLabel('Repeat new password').fill(person.own);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${person.name.split(' ')[0]}` })).toBeVisible();
  await hydrated(page);
}

/** Imports a workflow's JSON and publishes it, as an admin does with the builder's JSON import. */
export async function publishWorkflow(page: Page, definition: object): Promise<number> {
  const imported = await page.request.post('/api/workflows/import', { form: { json: JSON.stringify(definition) } });
  expect(imported.ok(), await imported.text()).toBeTruthy();
  const id = await imported.json();
  const published = await page.request.post('/api/workflows/publish', { form: { id: String(id) } });
  expect(published.ok(), await published.text()).toBeTruthy();
  return id;
}

/** Sets up the Sales Pipeline with one more stage, as a manager does on Pipelines. */
export async function pipelineWithStage(page: Page, stage: string, probability: string) {
  await visit(page, '/settings/pipelines');
  await page.getByRole('button', { name: 'Set up a pipeline' }).click();
  await expect(page.getByRole('heading', { name: 'Sales Pipeline', level: 2 })).toBeVisible();
  await page.getByLabel('New stage name').fill(stage);
  await page.getByLabel('Close probability (%)').fill(probability);
  await page.getByRole('button', { name: 'Add Stage' }).click();
  await expect(page.getByText(`${stage} added.`)).toBeVisible();
}

/** Opens the deal from the board in `page` and books a meeting on its timeline. */
export async function bookMeeting(page: Page, deal: string, title: string) {
  await visit(page, '/opportunities');
  await card(page, deal).getByRole('link', { name: deal }).click();
  await expect(page.getByRole('heading', { name: deal, level: 1 })).toBeVisible();
  await hydrated(page);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('radio', { name: 'Meeting' }).check();
  await timeline.getByLabel('Title').fill(title);
  await timeline.getByLabel('Starts').fill('2027-03-01T10:00');
  await timeline.getByLabel('Ends').fill('2027-03-01T10:30');
  await timeline.getByRole('button', { name: 'Add meeting' }).click();
  await expect(timeline).toContainText(`Meeting: ${title}`);
}
