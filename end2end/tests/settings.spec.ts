import { test, expect, visit, hydrated, boardWithPipeline, createDeal, dragCard } from '../fixtures';

test('an admin edits the lost reasons and the duplicate setting; people then pick from those reasons', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Initech pilot', value: '900' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Opportunity settings' })).toBeVisible();
  await hydrated(page);
  const reasons = page.getByLabel('Lost reasons');
  await expect(reasons).toHaveValue(/Price too high/);

  await reasons.fill(`Chose to build it\n${'x'.repeat(90)}`);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.field-error')).toContainText('too long');
  await visit(page, '/settings/opportunities');
  await expect(reasons).toHaveValue(/Price too high/);

  await reasons.fill('Chose to build it\nPrice too high\nchose to build IT');
  await page.getByLabel('Allow multiple opportunities per contact').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(reasons).toHaveValue('Chose to build it\nPrice too high');
  await visit(page, '/settings/opportunities');
  await expect(reasons).toHaveValue('Chose to build it\nPrice too high');
  await expect(page.getByLabel('Allow multiple opportunities per contact')).toBeChecked();
  await expect(page.getByLabel('Sync contact and opportunity owner')).not.toBeChecked();

  await visit(page, '/opportunities');
  await dragCard(page, 'Initech pilot', 'Closed Lost');
  const why = page.getByRole('dialog', { name: 'Why was Initech pilot lost?' });
  await expect(why).toBeVisible();
  await expect(why.locator('datalist option')).toHaveCount(2);
  await expect(why.locator('datalist option').first()).toHaveAttribute('value', 'Chose to build it');
});
