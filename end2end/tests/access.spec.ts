import { test, expect, visit, hydrated, boardWithPipeline, createDeal, card, signIn, signOut, row, addTeammate, signInFirstTime } from '../fixtures';
import type { Teammate } from '../fixtures';
import type { Browser, Page } from '@playwright/test';

/** A second browser, signed in as `person` for the first time. */
async function browserOf(browser: Browser, person: Teammate) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInFirstTime(page, person);
  return { context, page };
}

/** On a deal's profile page, gives the deal to `owner`. */
async function giveTo(page: Page, owner: string) {
  await page.getByRole('button', { name: /^Edit Owner:/ }).click();
  await page.getByLabel('Owner', { exact: true }).selectOption({ label: owner });
  await expect(page.getByRole('button', { name: `Edit Owner: ${owner}` })).toBeVisible();
}

/** Opens a deal's profile page from its card on the board. */
async function openDeal(page: Page, name: string) {
  await card(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await hydrated(page);
}

const FOX: Teammate = { name: 'Fox Mulder', email: 'fox@acme.test', role: 'user', onlyAssigned: true, temporary: 'trust no one 1', own: 'the truth is out there' };

test('a user with Only assigned data sees only their deals on the board, the list and profiles', async ({ page }) => {
  await boardWithPipeline(page);
  await addTeammate(page, FOX);

  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Fox deal', value: '100' });
  await createDeal(page, { name: 'Dana deal', value: '200' });
  await openDeal(page, 'Fox deal');
  await giveTo(page, FOX.name);
  await visit(page, '/opportunities');
  await openDeal(page, 'Dana deal');
  await expect(page).toHaveURL(/\/opportunities\/\d+$/);
  const danaDeal = page.url();
  await signOut(page);

  await signInFirstTime(page, FOX);

  await visit(page, '/opportunities');
  await expect(card(page, 'Fox deal')).toBeVisible();
  await expect(card(page, 'Dana deal')).toHaveCount(0);
  await visit(page, '/opportunities?view=list');
  await expect(row(page, 'Fox deal')).toBeVisible();
  await expect(row(page, 'Dana deal')).toHaveCount(0);
  await expect(page.getByText('1 deal', { exact: false }).first()).toBeVisible();
  const response = await page.goto(danaDeal);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Opportunity not found' })).toBeVisible();
});

test('an open board follows its person’s rights live and stops listening once they are deactivated', async ({ browser, page }) => {
  const MONA: Teammate = { name: 'Mona Lisa', email: 'mona@acme.test', role: 'manager', temporary: 'smile please 1', own: 'a smile of her own' };
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Dana deal', value: '200' });
  await addTeammate(page, MONA);
  const { context: monaContext, page: mona } = await browserOf(browser, MONA);
  await visit(mona, '/opportunities');
  await expect(card(mona, 'Dana deal')).toBeVisible();

  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Live deal', value: '300' });
  await expect(card(mona, 'Live deal')).toBeVisible();

  await visit(page, '/users');
  await page.getByLabel(`Only assigned data for ${MONA.name}`).check();
  await expect(card(mona, 'Dana deal')).toHaveCount(0);
  await expect(card(mona, 'Live deal')).toHaveCount(0);

  await visit(page, '/opportunities');
  await createDeal(page, { name: 'ZZSECRET deal', value: '400' });
  await visit(page, '/users');
  // The stream ends, and the browser's attempt to reconnect is refused.
  const refused = mona.waitForResponse((r) => r.url().includes('/api/live/board') && r.status() === 401);
  await page.getByRole('button', { name: `Deactivate ${MONA.name}` }).click();
  await expect(page.getByText(`${MONA.name} is deactivated and was signed out everywhere.`)).toBeVisible();
  await refused;
  await expect(card(mona, 'ZZSECRET deal')).toHaveCount(0);
  await monaContext.close();
});

test('a deal given to someone else leaves the open board of a person limited to their own, live', async ({ browser, page }) => {
  const ALEX: Teammate = { name: 'Alex Krycek', email: 'alex@acme.test', role: 'user', onlyAssigned: true, temporary: 'black oil 1', own: 'a password of his own' };
  const BEA: Teammate = { name: 'Bea Scully', email: 'bea@acme.test', role: 'user', temporary: 'sister mine 1', own: 'a password of her own' };
  await boardWithPipeline(page);
  await addTeammate(page, ALEX);
  await addTeammate(page, BEA);
  for (const name of ['Alex renewal', 'Alex upsell']) {
    await visit(page, '/opportunities');
    await createDeal(page, { name, value: '100' });
    await openDeal(page, name);
    await giveTo(page, ALEX.name);
  }

  const { context: alexContext, page: alex } = await browserOf(browser, ALEX);
  await visit(alex, '/opportunities');
  await expect(card(alex, 'Alex renewal')).toBeVisible();
  await expect(card(alex, 'Alex upsell')).toBeVisible();

  await giveTo(page, BEA.name); // Dana is still on Alex upsell's page.
  await expect(card(alex, 'Alex upsell')).toHaveCount(0);
  await expect(card(alex, 'Alex renewal')).toBeVisible();

  // Later changes to the deal given away reach Alex no more; his own still do.
  await page.getByRole('button', { name: 'Edit Name: Alex upsell' }).click();
  await page.getByLabel('Name', { exact: true }).fill('ZZSECRET upsell');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Edit Name: ZZSECRET upsell' })).toBeVisible();
  await visit(page, '/opportunities');
  await openDeal(page, 'Alex renewal');
  await page.getByRole('button', { name: 'Edit Name: Alex renewal' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Alex renewal 2027');
  await page.keyboard.press('Enter');
  await expect(card(alex, 'Alex renewal 2027')).toBeVisible();
  await expect(alex.getByText(/ZZSECRET/)).toHaveCount(0);
  await expect(card(alex, 'Alex upsell')).toHaveCount(0);
  await alexContext.close();
});
