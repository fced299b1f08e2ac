import { test, expect, visit, createWorkspace } from '../fixtures';
import type { Page } from '@playwright/test';

/** The demo workspace's list with every matching deal selected; returns how many. */
async function everyDealSelected(page: Page) {
  await createWorkspace(page, { demo: true });
  await visit(page, '/opportunities?view=list');
  await page.getByRole('checkbox', { name: 'Select all deals on this page' }).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  const all = bar.getByRole('button', { name: /^Select all [\d,]+ matching deals$/ });
  const total = Number((await all.textContent())!.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(100);
  await all.click();
  await expect(bar).toContainText(`${total.toLocaleString('en-US')} selected`);
  return { bar, total };
}

test('a bulk action over more than a page runs in the background with a progress bar and its count', async ({ page }) => {
  const { bar, total } = await everyDealSelected(page);
  await bar.getByRole('button', { name: 'Add follower' }).click();
  const dialog = page.getByRole('dialog', { name: /^Add follower: / });
  await dialog.getByLabel('Follower to add').selectOption({ label: 'Dana Scully' });
  await dialog.getByRole('button', { name: /^Change [\d,]+ deals$/ }).click();

  const progress = page.getByRole('region', { name: /^Add follower/ });
  await expect(progress.getByRole('progressbar', { name: 'Bulk action progress' })).toBeVisible();
  await expect(progress.getByRole('heading', { name: 'Add follower finished' })).toBeVisible({ timeout: 30_000 });
  await expect(progress).toContainText(`${total.toLocaleString('en-US')} deals changed.`);
  await progress.getByRole('button', { name: 'Close' }).click();
  await expect(progress).toBeHidden();
});

test('deleting more than 100 deals asks for their count, then runs in the background', async ({ page }) => {
  const { bar, total } = await everyDealSelected(page);
  await bar.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete [\d,]+ deals\?$/ });
  const confirm = dialog.getByLabel(`Type ${total} to confirm`);
  await confirm.fill(String(total - 1));
  await dialog.getByRole('button', { name: /^Delete [\d,]+ deals$/ }).click();
  await expect(dialog.getByRole('alert')).toContainText(`Type ${total} to confirm`);
  await confirm.fill(String(total));
  await dialog.getByRole('button', { name: /^Delete [\d,]+ deals$/ }).click();

  const progress = page.getByRole('region', { name: /^Delete/ });
  await expect(progress.getByRole('progressbar', { name: 'Bulk action progress' })).toBeVisible();
  await expect(progress.getByRole('heading', { name: 'Delete finished' })).toBeVisible({ timeout: 30_000 });
  await expect(progress).toContainText(`${total.toLocaleString('en-US')} deals changed.`);
  await progress.getByRole('button', { name: 'Close' }).click();
  // Nothing is filtered: the list says how to add deals again, not that none match.
  await expect(page.getByRole('heading', { name: 'No deals yet' })).toBeVisible();
});
