// The README's screenshots: `make screenshots` refreshes them (skipped in normal runs).
import { test, expect, createWorkspace } from '../fixtures';

test.skip(!process.env.DEALFLOW_SCREENSHOTS, 'set DEALFLOW_SCREENSHOTS=1 (make screenshots) to refresh README images');

const shot = (name: string) => ({ path: `screenshots/${name}.png`, fullPage: false });

test('main screens', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/setup');
  await page.getByLabel('Business name').fill('Acme Robotics');
  await page.screenshot(shot('setup'));
  await page.getByLabel('Business name').fill('');
  await createWorkspace(page);
  await page.screenshot(shot('home'));
  await page.goto('/users');
  for (const [name, email] of [['Fox Mulder', 'fox@acme.test'], ['Walter Skinner', 'walter@acme.test']]) {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Temporary password').fill('temporary pass 1');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
  }
  await page.waitForTimeout(5500);
  await page.screenshot(shot('users'));
  await page.setViewportSize({ width: 390, height: 800 });
  await page.screenshot(shot('users-phone'));
});
