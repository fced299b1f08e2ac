import { test, expect, visit, hydrated, boardWithPipeline, createDeal, card, defineCustomField } from '../fixtures';
import { Page } from '@playwright/test';

async function openDeal(page: Page, name: string) {
  await card(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await hydrated(page);
}

test('notes, tasks, calls and meetings on a deal; the note shows on its contact and company too', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Globex pilot', value: '5000', contact: 'Ann Lee', email: 'ann@globex.test' });
  await visit(page, '/companies');
  await page.getByRole('button', { name: 'Create company' }).click();
  const companyDialog = page.getByRole('dialog', { name: 'Create company' });
  await companyDialog.getByLabel('Name').fill('Globex');
  await companyDialog.getByLabel('Domain').fill('not a domain');
  await companyDialog.getByRole('button', { name: 'Save' }).click();
  await expect(companyDialog.getByText("'not a domain' is not a web domain")).toBeVisible();
  await companyDialog.getByLabel('Domain').fill('https://www.globex.com/');
  await companyDialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Globex', level: 1 })).toBeVisible();
  await expect(page.getByText('globex.com').first()).toBeVisible();

  await visit(page, '/opportunities');
  await openDeal(page, 'Globex pilot');
  await page.getByLabel('Link a company').fill('Glo');
  await page.getByRole('option', { name: 'Globex' }).click();
  await expect(page.getByText('Company linked.')).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('Linked company Globex');

  await timeline.getByRole('textbox', { name: 'Note' }).fill('Ann wants a pilot for 20 seats.');
  await timeline.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('Note logged.')).toBeVisible();

  await timeline.getByRole('radio', { name: 'Task' }).check();
  await timeline.getByRole('button', { name: 'Add task' }).click();
  await expect(timeline.getByText('Say what needs doing.')).toBeVisible();
  await timeline.getByLabel('What needs doing').fill('Send the pilot contract');
  await timeline.getByLabel('Due date').fill('2027-01-31');
  await timeline.getByLabel('Assignee').selectOption({ label: 'Dana Scully' });
  await timeline.getByRole('button', { name: 'Add task' }).click();
  await expect(timeline).toContainText('Task: Send the pilot contract');
  await expect(timeline).toContainText('Due 2027-01-31 · Assigned to Dana Scully');

  await timeline.getByRole('radio', { name: 'Call' }).check();
  await timeline.getByLabel('Outcome').selectOption({ label: 'Connected' });
  await timeline.getByLabel('Minutes').fill('12');
  await timeline.getByRole('textbox', { name: 'Notes' }).fill('Agreed on the timeline.');
  await timeline.getByRole('button', { name: 'Log call' }).click();
  await expect(timeline).toContainText('Call: Connected (12 min)');

  await timeline.getByRole('radio', { name: 'Meeting' }).check();
  await timeline.getByLabel('Title').fill('Pilot kick-off');
  await timeline.getByLabel('Starts').fill('2027-02-01T10:00');
  await timeline.getByLabel('Ends').fill('2027-02-01T09:00');
  await timeline.getByRole('button', { name: 'Add meeting' }).click();
  await expect(timeline.getByText('The meeting must end after it starts.')).toBeVisible();
  await timeline.getByLabel('Ends').fill('2027-02-01T11:00');
  await timeline.getByRole('button', { name: 'Add meeting' }).click();
  await expect(timeline).toContainText('Meeting: Pilot kick-off');
  await expect(timeline).toContainText('2027-02-01 10:00 – 11:00 · Scheduled');

  // Tick the task done; still done after a reload.
  await timeline.getByRole('checkbox', { name: 'Done: Send the pilot contract' }).check();
  await expect(timeline.getByText('Task: Send the pilot contract')).toHaveClass(/task-finished/);
  await page.reload();
  await hydrated(page);
  await expect(timeline.getByRole('checkbox', { name: 'Done: Send the pilot contract' })).toBeChecked();

  // The note is on the contact's timeline and the company's, marked with its deal.
  await page.getByRole('region', { name: 'Contacts' }).getByRole('link', { name: 'Ann Lee' }).click();
  await expect(page.getByRole('heading', { name: 'Ann Lee', level: 1 })).toBeVisible();
  const contactTimeline = page.getByRole('region', { name: 'Timeline' });
  await expect(contactTimeline).toContainText('Ann wants a pilot for 20 seats.');
  await expect(contactTimeline.getByRole('link', { name: 'Globex pilot' }).first()).toBeVisible();
  await expect(page.getByRole('region', { name: /Deals/ })).toContainText('Globex pilot');
  await visit(page, '/companies');
  await page.getByRole('link', { name: 'Globex', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Ann wants a pilot for 20 seats.');
});

test('a text file gets an extractive summary; a file of the wrong type is refused', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Initech renewal', value: '1200' });
  await openDeal(page, 'Initech renewal');
  const files = page.getByRole('region', { name: 'Files' });
  const text =
    'Initech wants to renew the support contract for two more years. ' +
    'The renewal covers support for all three Initech offices. ' +
    'Lunch was served at noon. ' +
    'Initech asks for a discount on the renewal if they sign the contract before March. ' +
    'The weather was nice.';
  await page.getByLabel('Add a file').setInputFiles({ name: 'renewal-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(files.getByRole('link', { name: 'renewal-notes.txt' })).toBeVisible();
  await expect(files).toContainText('Summary');
  await expect(files).toContainText('extractive');
  await expect(files).toContainText('Initech wants to renew the support contract');
  await expect(files).not.toContainText('The weather was nice.');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Added the file “renewal-notes.txt”');

  const download = page.waitForEvent('download');
  await files.getByRole('link', { name: 'renewal-notes.txt' }).click();
  expect((await download).suggestedFilename()).toBe('renewal-notes.txt');

  await page.getByLabel('Add a file').setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await expect(files.getByRole('alert')).toContainText("'.exe' files can't be added");
  await page.getByLabel('Add a file').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
  await expect(files.getByRole('alert')).toContainText('not a real .pdf file');

  await files.getByRole('button', { name: 'Delete renewal-notes.txt' }).click();
  await expect(files.getByText('No files yet.')).toBeVisible();
});

test('an admin defines a custom field; it is set on a deal, checked by type, and kept', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Hooli expansion', value: '700' });
  await defineCustomField(page, 'Seats', 'Number');
  await expect(page.getByRole('region', { name: 'Opportunity fields' })).toContainText('key seats');
  await page.getByLabel('Name').fill('Seats');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByText('exists already')).toBeVisible();

  await visit(page, '/opportunities');
  await openDeal(page, 'Hooli expansion');
  await page.getByRole('button', { name: 'Edit Seats: Not set' }).click();
  await page.getByLabel('Seats', { exact: true }).fill('lots');
  await page.getByLabel('Seats', { exact: true }).press('Enter');
  await expect(page.getByText("'lots' is not a number.")).toBeVisible();
  await page.getByLabel('Seats', { exact: true }).fill('25');
  await page.getByLabel('Seats', { exact: true }).press('Enter');
  await expect(page.getByRole('button', { name: 'Edit Seats: 25' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Edit Seats: 25' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Set Seats to “25”');
});

test('contacts are listed, searched, created, edited and deleted; their deals stay', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Umbrella trial', value: '300', contact: 'Jill Valentine' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Jill Valentine' })).toBeVisible();
  await page.getByRole('button', { name: 'Create contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create contact' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Enter a first or last name.')).toBeVisible();
  await dialog.getByLabel('First name').fill('Chris');
  await dialog.getByLabel('Last name').fill('Redfield');
  await dialog.getByLabel('Email').fill('chris@bsaa.test');
  await dialog.getByLabel('Tags (comma-separated)').fill('vip, field');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Chris Redfield', level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Edit contact' }).click();
  await page.getByRole('dialog', { name: 'Edit contact' }).getByLabel('Phone').fill('+1 555 0100');
  await page.getByRole('dialog', { name: 'Edit contact' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('+1 555 0100');

  await visit(page, '/contacts?q=jill');
  await expect(page.getByRole('link', { name: 'Jill Valentine' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Chris Redfield' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Jill Valentine' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Delete' }).first().click();
  const confirm = page.getByRole('dialog', { name: 'Delete Jill Valentine?' });
  await expect(confirm).toContainText('Its deals stay');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await visit(page, '/opportunities');
  await openDeal(page, 'Umbrella trial');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Unlinked contact Jill Valentine');
});
