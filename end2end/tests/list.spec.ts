import {
  test, expect, visit, hydrated, boardWithPipeline, createDeal, row, headers, listed, defineCustomField,
} from '../fixtures';
import type { Page } from '@playwright/test';

/** Four deals on the board, then the list view. */
async function listWithDeals(page: Page) {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Alpha', value: '500', close: '2026-05-01' });
  await createDeal(page, { name: 'Beta', value: '100', close: '2026-03-01' });
  await createDeal(page, { name: 'Gamma', value: '300' });
  await createDeal(page, { name: 'Delta', value: '200', close: '2026-04-01' });
  await page.getByRole('navigation', { name: 'View' }).getByRole('link', { name: 'List' }).click();
  await expect(page).toHaveURL(/view=list/);
  await expect(page.getByRole('table')).toBeVisible();
  await hydrated(page);
}

test('choose list columns, sort by expected close date, filter', async ({ page }) => {
  await listWithDeals(page);
  expect(await headers(page)).toEqual(['Name', 'Stage', 'Status', 'Value', 'Owner', 'Contact', 'Expected close']);

  await page.getByRole('button', { name: 'Columns' }).click();
  const dialog = page.getByRole('dialog', { name: 'Columns' });
  await dialog.getByLabel('Contact', { exact: true }).uncheck();
  await dialog.getByLabel('Source', { exact: true }).check();
  const up = dialog.getByRole('button', { name: 'Move Expected close up' });
  for (let i = 0; i < 4; i++) await up.click();
  await expect(up).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(up).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Move Expected close down' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Save columns' }).click();
  await expect(dialog).toBeHidden();
  const chosen = ['Name', 'Expected close', 'Stage', 'Status', 'Value', 'Owner', 'Source'];
  await expect.poll(() => headers(page)).toEqual(chosen);
  await visit(page, '/opportunities?view=list');
  expect(await headers(page)).toEqual(chosen);

  await page.getByRole('link', { name: 'Expected close' }).click();
  await expect(page).toHaveURL(/sort=close&dir=asc/);
  await expect.poll(() => listed(page)).toEqual(['Beta', 'Delta', 'Alpha', 'Gamma']);
  await expect(page.getByRole('columnheader', { name: /Expected close/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('link', { name: /Expected close/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect.poll(() => listed(page)).toEqual(['Alpha', 'Delta', 'Beta', 'Gamma']);

  await hydrated(page);
  await page.getByText('Filters', { exact: true }).click();
  await page.getByLabel('Value from').fill('250');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/min=250/);
  await expect.poll(() => listed(page)).toEqual(['Alpha', 'Gamma']);
  await expect(page.getByText('Showing 1–2 of 2 deals')).toBeVisible();

  await visit(page, '/opportunities?view=list&min=lots');
  await expect(page.getByRole('alert')).toContainText("'lots' is not an amount");
});

test('bulk-move three deals to another stage, then delete one after confirming', async ({ page }) => {
  await listWithDeals(page);
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    await row(page, name).getByRole('checkbox').check();
  }
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('3 selected');
  await bar.getByRole('button', { name: 'Change stage' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change stage: 3 deals' });
  await dialog.getByLabel('Move to stage').selectOption({ label: 'Negotiation' });
  await dialog.getByRole('button', { name: 'Change 3 deals' }).click();
  await expect(page.getByText('3 deals changed.')).toBeVisible();
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    await expect(row(page, name)).toContainText('Negotiation');
  }
  await expect(row(page, 'Delta')).toContainText('Prospecting');
  await expect(bar).toBeHidden();

  await visit(page, '/opportunities');
  await expect(page.getByRole('region', { name: 'Negotiation', exact: true })).toContainText('3 deals');

  await visit(page, '/opportunities?view=list');
  await row(page, 'Delta').getByRole('checkbox').check();
  await bar.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 1 deal?' });
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByRole('button', { name: 'Delete 1 deal' }).click();
  await expect(page.getByText('1 deal changed.')).toBeVisible();
  await expect(row(page, 'Delta')).toHaveCount(0);
});

test('edit an opportunity from the row menu; every bad field is refused at once', async ({ page }) => {
  await listWithDeals(page);
  await row(page, 'Gamma').getByRole('button', { name: 'Actions for Gamma' }).click();
  await page.getByRole('menuitem', { name: 'Edit opportunity' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit opportunity' });
  await expect(dialog.getByLabel('Opportunity name')).toHaveValue('Gamma');
  await dialog.getByLabel('Opportunity name').fill(' ');
  await dialog.getByLabel('Value').fill('a lot');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText("'a lot' is not an amount.")).toBeVisible();
  await expect(dialog.getByText('Give the opportunity a name.')).toBeVisible();

  await dialog.getByLabel('Opportunity name').fill('Gamma renewal');
  await dialog.getByLabel('Value').fill('4.000,00');
  await dialog.getByLabel('Stage').selectOption({ label: 'Closed Won' });
  await expect(dialog.getByLabel('Status')).toHaveValue('won');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'Gamma renewal')).toContainText('EUR 4,000.00');
  await expect(row(page, 'Gamma renewal')).toContainText('Won');

  await visit(page, '/opportunities?view=list');
  await row(page, 'Gamma renewal').getByRole('link', { name: 'Gamma renewal' }).click();
  await expect(page.getByRole('heading', { name: 'Gamma renewal' })).toBeVisible();
  await expect(page.getByText('Renamed to “Gamma renewal”')).toBeVisible();
  await expect(page.getByText('Value changed from EUR 300.00 to EUR 4,000.00')).toBeVisible();
});

test('define a custom field, set it, show it as a column, sort and filter by it', async ({ page }) => {
  await listWithDeals(page);
  await defineCustomField(page, 'Seats', 'Number');

  // Set it on three deals from their profiles: 9, 10 and 100 (a text sort would put 10 first).
  for (const [name, seats] of [['Alpha', '9'], ['Beta', '100'], ['Gamma', '10']]) {
    await visit(page, '/opportunities?view=list');
    await page.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await hydrated(page);
    await page.getByRole('button', { name: 'Edit Seats: Not set' }).click();
    await page.getByLabel('Seats', { exact: true }).fill(seats);
    await page.getByLabel('Seats', { exact: true }).press('Enter');
    await expect(page.getByRole('button', { name: `Edit Seats: ${seats}` })).toBeVisible();
  }

  await visit(page, '/opportunities?view=list');
  await page.getByRole('button', { name: 'Columns' }).click();
  const dialog = page.getByRole('dialog', { name: 'Columns' });
  await dialog.getByLabel('Seats', { exact: true }).check();
  await dialog.getByRole('button', { name: 'Save columns' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => headers(page)).toContain('Seats');
  await expect(row(page, 'Beta').locator('td[data-label="Seats"]')).toHaveText('100');
  await expect(row(page, 'Delta').locator('td[data-label="Seats"]')).toHaveText('—');

  await page.getByRole('link', { name: 'Seats' }).click();
  await expect(page).toHaveURL(/sort=cf\.\d+&dir=asc/);
  await expect.poll(() => listed(page)).toEqual(['Alpha', 'Gamma', 'Beta', 'Delta']);
  await page.getByRole('link', { name: /Seats/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect.poll(() => listed(page)).toEqual(['Beta', 'Gamma', 'Alpha', 'Delta']);

  await hydrated(page);
  await page.getByText('Filters', { exact: true }).click();
  await page.getByLabel('Seats from').fill('lots');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('alert')).toContainText("Seats: 'lots' is not a number.");
  await hydrated(page);
  await page.getByLabel('Seats from').fill('10');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/cf\.\d+\.min=10/);
  await expect.poll(() => listed(page)).toEqual(['Beta', 'Gamma']);
  await expect(page.getByText('Filters (1)')).toBeVisible();
  await page.reload();
  await expect.poll(() => listed(page)).toEqual(['Beta', 'Gamma']);
});
