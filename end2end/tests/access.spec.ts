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
