// Two browsers on one deal: the second one's save meets the first one's change. It is
// refused with who changed it, the form shows the deal's current state with the
// person's own input beside it, and the next save (on the current version) goes through.
import type { Browser, Page } from '@playwright/test';
import { test, expect, boardWithPipeline, createDeal, card, hydrated, visit, signIn, row, ADMIN } from '../fixtures';

/** The same admin in a second browser, on `path`. */
async function secondBrowser(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, ADMIN.email, ADMIN.password);
  await expect(other.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();
  await visit(other, path);
  return other;
}

test('a stale edit on the profile shows the current state and saves on the next try', async ({ browser, page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Globex pilot', value: '300' });
  await card(page, 'Globex pilot').getByRole('link', { name: 'Globex pilot' }).click();
  await expect(page.getByRole('heading', { name: 'Globex pilot', level: 1 })).toBeVisible();
  await hydrated(page);
  const b = await secondBrowser(browser, new URL(page.url()).pathname);

  // A changes the value, typed with a decimal comma.
  await page.getByRole('button', { name: 'Edit Value: EUR 300.00' }).click();
  await page.getByLabel('Value', { exact: true }).fill('5.000,50');
  await page.getByLabel('Value', { exact: true }).press('Enter');
  await expect(page.getByRole('button', { name: 'Edit Value: EUR 5,000.50' })).toBeVisible();

  // B, still showing the old deal, changes the source.
  await b.getByRole('button', { name: 'Edit Source: Not set' }).click();
  await b.getByLabel('Source', { exact: true }).fill('Referral');
  await b.getByLabel('Source', { exact: true }).press('Enter');
  await expect(b.getByText('This deal was changed by Dana Scully')).toBeVisible();
  await expect(b.getByRole('button', { name: 'Edit Value: EUR 5,000.50' })).toBeVisible();
  await expect(b.getByLabel('Source', { exact: true })).toHaveValue('');
  await expect(b.getByText('Your change: Referral')).toBeVisible();
  await b.getByRole('button', { name: 'Use my change to Source' }).click();
  await expect(b.getByLabel('Source', { exact: true })).toHaveValue('Referral');
  await b.getByLabel('Source', { exact: true }).press('Enter');
  await expect(b.getByRole('button', { name: 'Edit Source: Referral' })).toBeVisible();

  await b.reload();
  await expect(b.getByRole('button', { name: 'Edit Source: Referral' })).toBeVisible();
  await expect(b.getByRole('button', { name: 'Edit Value: EUR 5,000.50' })).toBeVisible();
  await b.context().close();
});

test('a stale Edit opportunity shows the current values with my input beside them', async ({ browser, page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Initech', value: '300' });
  await visit(page, '/opportunities?view=list');
  const b = await secondBrowser(browser, '/opportunities?view=list');

  await row(b, 'Initech').getByRole('button', { name: 'Actions for Initech' }).click();
  await b.getByRole('menuitem', { name: 'Edit opportunity' }).click();
  const dialog = b.getByRole('dialog', { name: 'Edit opportunity' });
  await dialog.getByLabel('Source', { exact: true }).fill('Referral');

  await row(page, 'Initech').getByRole('button', { name: 'Actions for Initech' }).click();
  await page.getByRole('menuitem', { name: 'Edit opportunity' }).click();
  const mine = page.getByRole('dialog', { name: 'Edit opportunity' });
  await mine.getByLabel('Value', { exact: true }).fill('4.000,50');
  await mine.getByRole('button', { name: 'Save' }).click();
  await expect(mine).toBeHidden();
  await expect(row(page, 'Initech')).toContainText('EUR 4,000.50');

  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('This deal was changed by Dana Scully')).toBeVisible();
  await expect(dialog.getByLabel('Value', { exact: true })).toHaveValue('4000.50');
  await expect(dialog.getByLabel('Source', { exact: true })).toHaveValue('');
  await expect(dialog.getByText('Your change: Referral')).toBeVisible();
  await dialog.getByRole('button', { name: 'Use my change to Source' }).click();
  await expect(dialog.getByLabel('Source', { exact: true })).toHaveValue('Referral');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(b, 'Initech')).toContainText('EUR 4,000.50');
  await row(b, 'Initech').getByRole('link', { name: 'Initech' }).click();
  await expect(b.getByRole('button', { name: 'Edit Source: Referral' })).toBeVisible();
  await b.context().close();
});
