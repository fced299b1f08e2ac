// Names that are HTML stay text: typed into every kind of record through the screens,
// they never run as script, never break hydration, and read back exactly as typed.
import { test, expect, visit, hydrated, boardWithPipeline, createDeal, card, defineCustomField } from '../fixtures';
import type { Page } from '@playwright/test';

// Short enough for every field (custom field names allow 60 characters).
const HOSTILE = `"></title><img src=x onerror="window.__xss=1">`;
const DEAL = `${HOSTILE} deal`;
const CONTACT = `${HOSTILE} contact`;

/** Fails the test on any script the text started, any alert and any hydration error. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('dialog', async (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /hydrat/i.test(msg.text())) problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  return problems;
}

async function noScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  await expect(page.locator('img[src=x]')).toHaveCount(0);
}

test('HTML typed into names, notes and fields stays text on every page, before and after hydration', async ({ page }) => {
  const problems = watch(page);
  await boardWithPipeline(page);
  await createDeal(page, { name: DEAL, value: '5000', contact: CONTACT, email: 'ann@globex.test' });
  await defineCustomField(page, HOSTILE, 'Text');

  await visit(page, '/opportunities');
  await card(page, DEAL).getByRole('link', { name: DEAL }).click();
  await expect(page.getByRole('heading', { name: DEAL, level: 1 })).toBeVisible();
  await hydrated(page);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('textbox', { name: 'Note' }).fill(HOSTILE);
  await timeline.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('Note logged.')).toBeVisible();
  const dealPath = new URL(page.url()).pathname;

  // Each page as the server sends it (a fresh load) and after hydration.
  for (const path of ['/', '/opportunities', '/opportunities?view=list', dealPath, '/contacts', '/settings/fields']) {
    await visit(page, path);
    await noScriptRan(page);
  }
  await visit(page, dealPath);
  await expect(page).toHaveTitle(`${DEAL} · Dealflow`);
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(HOSTILE);
  await visit(page, '/contacts');
  await page.getByRole('link', { name: CONTACT }).click();
  await expect(page.getByRole('heading', { name: CONTACT, level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(page).toHaveTitle(`${CONTACT} · Dealflow`);
  await noScriptRan(page);
  await page.reload();
  await hydrated(page);
  await noScriptRan(page);
  expect(problems).toEqual([]);
});
