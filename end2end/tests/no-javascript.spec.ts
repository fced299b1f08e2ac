import { test, expect, ADMIN } from '../fixtures';

test.use({ javaScriptEnabled: false });

test('without JavaScript, the server-rendered forms still create, sign out and sign in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel('Business name').fill(ADMIN.business);
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Work email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();

  await page.getByLabel(`Account menu for ${ADMIN.name}`).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('wrong password!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();
});

test('without JavaScript, the board arrives with its columns and cards, load after load', async ({ page }) => {
  // Filling the demo workspace takes a while on 2 shared cores.
  test.slow();
  await page.goto('/setup');
  await page.getByLabel('Business name').fill(ADMIN.business);
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Work email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByLabel('Add demo data to explore').check();
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();

  for (let load = 0; load < 6; load++) {
    await page.goto('/opportunities');
    await expect(page.getByRole('region', { name: 'Prospecting', exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Closed Won', exact: true })).toBeVisible();
    expect(await page.getByRole('article').count()).toBeGreaterThan(5);
    await expect(page.locator('.board-placeholder')).toHaveCount(0);
  }
});
