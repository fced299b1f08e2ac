// Tags on a contact's profile: added (Enter or the button) and removed at once, the same
// tag in another case and a bad tag answered with a sentence; the contacts list shows
// the tags and is filtered by one, kept in the URL.
import { test, expect, createWorkspace, visit, hydrated } from '../fixtures';
import { Page } from '@playwright/test';

async function createContact(page: Page, first: string, last: string) {
  await visit(page, '/contacts');
  await page.getByRole('button', { name: 'Create contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create contact' });
  await dialog.getByLabel('First name').fill(first);
  await dialog.getByLabel('Last name').fill(last);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: `${first} ${last}`, level: 1 })).toBeVisible();
  await hydrated(page);
}

test('tags are added and removed on a profile, and the contacts list is filtered by one', async ({ page }) => {
  await createWorkspace(page);
  await createContact(page, 'Bob', 'Vance');
  await createContact(page, 'Ann', 'Lee');
  const details = page.getByRole('region', { name: 'Details' });
  const input = details.getByRole('textbox', { name: 'Add tag' });
  await expect(details.getByText('No tags yet.')).toBeVisible();

  await input.fill('vip');
  await input.press('Enter');
  await expect(details.getByRole('button', { name: 'Remove tag vip' })).toBeVisible();
  await expect(details.getByText('Added the tag “vip”.')).toBeVisible();
  await expect(input).toHaveValue('');
  await expect(input).toBeFocused();
  await input.fill('Referral');
  await details.getByRole('button', { name: 'Add tag' }).click();
  await expect(details.getByRole('button', { name: 'Remove tag Referral' })).toBeVisible();

  await input.fill('VIP');
  await input.press('Enter');
  await expect(details.getByText('This contact already has the tag “vip”; nothing changed.')).toBeVisible();
  await expect(details.getByRole('button', { name: /^Remove tag/ })).toHaveCount(2);
  await input.fill('vip, partner');
  await input.press('Enter');
  await expect(details.getByText('A tag cannot hold a comma: add “vip, partner” as separate tags.')).toBeVisible();
  await expect(input).toHaveValue('vip, partner');

  await details.getByRole('button', { name: 'Remove tag Referral' }).click();
  await expect(details.getByText('Removed the tag “Referral”.')).toBeVisible();
  await expect(details.getByRole('button', { name: 'Remove tag Referral' })).toHaveCount(0);
  await expect(input).toBeFocused();
  await page.reload();
  await hydrated(page);
  await expect(details.getByRole('button', { name: 'Remove tag vip' })).toBeVisible();
  await expect(details.getByRole('button', { name: /^Remove tag/ })).toHaveCount(1);

  await visit(page, '/contacts');
  await expect(page.getByRole('link', { name: 'Bob Vance' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Ann Lee/ })).toContainText('vip');
  await page.getByLabel('Filter by tag').selectOption('vip');
  await expect(page).toHaveURL(/\/contacts\?tag=vip$/);
  await expect(page.getByRole('link', { name: 'Ann Lee' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bob Vance' })).toHaveCount(0);
  await expect(page.getByText('1–1 of 1 contacts')).toBeVisible();

  await visit(page, '/contacts?tag=VIP');
  await expect(page.getByLabel('Filter by tag')).toHaveValue('vip');
  await expect(page.getByRole('link', { name: 'Bob Vance' })).toHaveCount(0);
  await page.getByLabel('Filter by tag').selectOption({ label: 'All tags' });
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole('link', { name: 'Bob Vance' })).toBeVisible();
  await visit(page, '/contacts?tag=nobody');
  await expect(page.getByText('No contacts have the tag “nobody”. Choose All tags to see every contact.')).toBeVisible();
});
