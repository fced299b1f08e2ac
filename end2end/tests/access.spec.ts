import { test, expect, visit, hydrated, boardWithPipeline, createDeal, card, signIn, signOut, row } from '../fixtures';

const FOX = { name: 'Fox Mulder', email: 'fox@acme.test', temporary: 'trust no one 1', own: 'the truth is out there' };

test('a user with Only assigned data sees only their deals on the board, the list and profiles', async ({ page }) => {
  await boardWithPipeline(page);
  await visit(page, '/users');
  await page.getByLabel('Name', { exact: true }).fill(FOX.name);
  await page.getByLabel('Email').fill(FOX.email);
  await page.getByLabel('Temporary password').fill(FOX.temporary);
  await page.getByLabel('Only assigned data', { exact: true }).check();
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`${FOX.name} was added.`)).toBeVisible();

  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Fox deal', value: '100' });
  await createDeal(page, { name: 'Dana deal', value: '200' });
  await card(page, 'Fox deal').getByRole('link', { name: 'Fox deal' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: /^Edit Owner:/ }).click();
  await page.getByLabel('Owner', { exact: true }).selectOption({ label: FOX.name });
  await expect(page.getByRole('button', { name: `Edit Owner: ${FOX.name}` })).toBeVisible();
  await visit(page, '/opportunities');
  await card(page, 'Dana deal').getByRole('link', { name: 'Dana deal' }).click();
  await expect(page.getByRole('heading', { name: 'Dana deal', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/opportunities\/\d+$/);
  const danaDeal = page.url();
  await signOut(page);

  await signIn(page, FOX.email, FOX.temporary);
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);
  await page.getByLabel('Current password').fill(FOX.temporary);
  await page.getByLabel('New password', { exact: true }).fill(FOX.own);
  await page.getByLabel('Repeat new password').fill(FOX.own);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Fox' })).toBeVisible();

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
  const MONA = { name: 'Mona Lisa', email: 'mona@acme.test', temporary: 'smile please 1', own: 'a smile of her own' };
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Dana deal', value: '200' });
  await visit(page, '/users');
  await page.getByLabel('Name', { exact: true }).fill(MONA.name);
  await page.getByLabel('Email').fill(MONA.email);
  await page.getByLabel('Role', { exact: true }).selectOption('manager');
  await page.getByLabel('Temporary password').fill(MONA.temporary);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`${MONA.name} was added.`)).toBeVisible();

  const monaContext = await browser.newContext();
  const mona = await monaContext.newPage();
  await signIn(mona, MONA.email, MONA.temporary);
  await expect(mona).toHaveURL(/\/account$/);
  await hydrated(mona);
  await mona.getByLabel('Current password').fill(MONA.temporary);
  await mona.getByLabel('New password', { exact: true }).fill(MONA.own);
  await mona.getByLabel('Repeat new password').fill(MONA.own);
  await mona.getByRole('button', { name: 'Save password' }).click();
  await expect(mona.getByRole('heading', { name: 'Welcome, Mona' })).toBeVisible();
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
  const refused = mona.waitForResponse((r) => r.url().endsWith('/api/live/board') && r.status() === 401);
  await page.getByRole('button', { name: `Deactivate ${MONA.name}` }).click();
  await expect(page.getByText(`${MONA.name} is deactivated and was signed out everywhere.`)).toBeVisible();
  await refused;
  await expect(card(mona, 'ZZSECRET deal')).toHaveCount(0);
  await monaContext.close();
});
