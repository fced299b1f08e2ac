import { test, expect, visit, hydrated, boardWithPipeline, createDeal, createWorkspace, dragCard } from '../fixtures';

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

test('an admin picks the workspace time zone and the automation limits; they are kept after a reload', async ({ page }) => {
  await createWorkspace(page);
  await visit(page, '/settings/opportunities');
  await expect(page.getByRole('heading', { name: 'Time zone and automation' })).toBeVisible();
  const zone = page.getByLabel('Time zone');
  const depth = page.getByLabel('Loop guard: workflow chain depth');
  const hourly = page.getByLabel('Times a record may enter one workflow per hour');
  const history = page.getByLabel('Keep run history for (days)');
  await expect(zone).toHaveValue('UTC');
  await expect(depth).toHaveValue('5');
  await expect(hourly).toHaveValue('10');
  await expect(history).toHaveValue('90');

  await zone.selectOption('America/New_York');
  await depth.fill('8');
  await hourly.fill('25');
  await history.fill('30');
  await page.getByRole('button', { name: 'Save time zone and automation' }).click();
  await expect(page.getByText('Time zone and automation saved.')).toBeVisible();

  await visit(page, '/settings/opportunities');
  await expect(zone).toHaveValue('America/New_York');
  await expect(depth).toHaveValue('8');
  await expect(hourly).toHaveValue('25');
  await expect(history).toHaveValue('30');
  await expect(page.getByLabel('Lost reasons')).toHaveValue(/Price too high/);
});
