import { test, expect, createWorkspace, signIn, signOut, ADMIN, hydrated } from '../fixtures';

test('a new customer creates a workspace, signs out, and signs back in', async ({ page }) => {
  await createWorkspace(page);
  await expect(page.getByText('EUR — Euro')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();

  await signOut(page);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText(`Welcome back to ${ADMIN.business}.`)).toBeVisible();

  await signIn(page, ADMIN.email, 'not my password');
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();
});

test('workspace form explains what to fix and keeps what was typed', async ({ page }) => {
  await page.goto('/setup');
  await hydrated(page);
  await page.getByLabel('Business name').fill('Acme');
  await page.getByLabel('Your name').fill('Dana Scully');
  await page.getByLabel('Work email').fill('dana@acme.test');
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Password').evaluate((el: HTMLInputElement) => el.removeAttribute('required'));
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByText('Use a password of at least 10 characters.')).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Business name')).toHaveValue('Acme');
});

test('every control is reachable by keyboard, starting with skip to content', async ({ page }) => {
  await createWorkspace(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Dealflow' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Home' })).toBeFocused();
  const ring = await page.getByRole('link', { name: 'Home' }).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).not.toBe('none');
});

test('the main screens fit a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await createWorkspace(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();
});
