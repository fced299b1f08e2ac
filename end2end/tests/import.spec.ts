import { test, expect, visit, hydrated, boardWithPipeline, createDeal, listed, defineCustomField } from '../fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { pipedriveExport } from '../pipedrive';

/** A contact made on the Contacts page. */
async function createContact(page: Page, first: string, last: string, email: string) {
  await visit(page, '/contacts');
  await page.getByRole('button', { name: 'Create contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create contact' });
  await dialog.getByLabel('First name').fill(first);
  await dialog.getByLabel('Last name').fill(last);
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: `${first} ${last}`, level: 1 })).toBeVisible();
}

/** Opens `Import` from the opportunities page and sends `body` as `name`. */
async function chooseFile(page: Page, name: string, body: Buffer) {
  await visit(page, '/opportunities');
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import opportunities', level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Choose a CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: body });
  await expect(page).toHaveURL(/\/opportunities\/import\/\d+$/);
}

/** Uploads `body` as `name`, up to the mapping of its columns. */
async function upload(page: Page, name: string, body: Buffer) {
  await chooseFile(page, name, body);
  await expect(page.getByRole('heading', { name: 'Map columns to fields' })).toBeVisible();
  await hydrated(page);
}

function tile(page: Page, label: string) {
  return page.locator('.count-tile', { hasText: label }).locator('.count-tile-number');
}

// A spreadsheet saved the European way: BOM, semicolons, decimal commas, a note that
// spans two lines, a custom field, contacts by email, three rows that cannot be used,
// and enough ordinary rows for the import to take a moment.
function messyFile(): Buffer {
  const lines = [
    'Opportunity name;Amount;Stage;Contact email;Seats;Notes',
    'Globex pilot;1.500,50;Negotiation;ann@globex.test;12;"Call Ann first;\nthen send the quote"',
    'Initech rollout;200;Proposal;bob@initech.test;3;',
    'Bad stage;10;Negotation;;;',
    'Bad value;12,5k;Proposal;;;',
    'Unknown contact;5;Proposal;nobody@example.test;;',
  ];
  for (let i = 1; i <= 3000; i++) lines.push(`Filler ${i};${i},00;Prospecting;;${i % 50};`);
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n')]);
}

test('import a messy CSV: review with reasons, watch it run, download failed rows, undo', async ({ page }) => {
  test.slow();
  await boardWithPipeline(page);
  await defineCustomField(page, 'Seats', 'Number');
  await createContact(page, 'Ann', 'Lee', 'ann@globex.test');
  await createContact(page, 'Bob', 'Ray', 'bob@initech.test');
  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Existing deal', value: '100' });

  await upload(page, 'pipeline.csv', messyFile());
  await expect(page.getByText('UTF-8 with BOM, semicolon-separated')).toBeVisible();
  await expect(page.getByLabel('Opportunity name')).toHaveValue('name');
  await expect(page.getByLabel('Contact email')).toHaveValue('contact.email');
  await expect(page.getByLabel('Seats')).toHaveValue(/^cf\.\d+$/);
  await expect(page.getByLabel('Notes')).toHaveValue('');
  await page.getByLabel('Numbers are written like').selectOption('decimal_comma');
  // Contacts must exist here, so the unknown one fails with its reason.
  await page.getByLabel('Create missing contacts and companies').uncheck();
  await page.getByRole('button', { name: 'Review import' }).click();

  await expect(tile(page, 'will be created')).toHaveText('3,002');
  await expect(tile(page, 'will fail')).toHaveText('3');
  const failing = page.getByRole('region', { name: 'Review' });
  await expect(failing).toContainText('stage ‘Negotation’ does not exist in pipeline Sales Pipeline');
  await expect(failing).toContainText("'12,5k' is not a number");
  await expect(failing).toContainText('no contact has the email ‘nobody@example.test’');

  await page.getByRole('button', { name: /Start import/ }).click();
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(page.getByText(/of 3,005 rows/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 45_000 });
  await expect(tile(page, 'created')).toHaveText('3,002');
  await expect(tile(page, 'failed')).toHaveText('3');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download failed rows (CSV)' }).click(),
  ]);
  const failed = readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(failed[0]).toBe('Opportunity name,Amount,Stage,Contact email,Seats,Notes,Reason');
  expect(failed[1]).toContain('Bad stage,10,Negotation');
  expect(failed[2]).toContain("'12,5k' is not a number");
  expect(failed[3]).toContain('nobody@example.test');

  await visit(page, '/opportunities?view=list&q=Globex');
  await expect.poll(() => listed(page)).toEqual(['Globex pilot']);
  await page.getByRole('link', { name: 'Globex pilot' }).click();
  await expect(page.getByRole('heading', { name: 'Globex pilot', level: 1 })).toBeVisible();
  await expect(page.getByText('EUR 1,500.50').first()).toBeVisible();
  await expect(page.getByText('Ann Lee').first()).toBeVisible();
  await page.goBack();

  await page.goto('/opportunities/import');
  await page.getByRole('link', { name: 'pipeline.csv' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Undo import' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo this import?' });
  await confirm.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByRole('heading', { name: 'Import undone' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Undo removed 3,002 deals and restored 0.')).toBeVisible();
  await visit(page, '/opportunities?view=list');
  await expect.poll(() => listed(page)).toEqual(['Existing deal']);
});

test('a UTF-8 file with a bad byte: the person chooses how to read it, and the import reads it so', async ({ page }) => {
  await boardWithPipeline(page);
  const file = Buffer.concat([
    Buffer.from('Name\nCafé Zürich\n'),
    Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x47, 0x65, 0x6e, 0xe8, 0x76, 0x65, 0x0a]),
  ]);
  await chooseFile(page, 'mixed.csv', file);
  await expect(page.getByText('Line 3 is not valid UTF-8.')).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Read as UTF-8 with replacements' })).toBeVisible();
  await page.getByRole('button', { name: 'Read as Windows-1252' }).click();
  await expect(page.getByRole('heading', { name: 'Map columns to fields' })).toBeVisible();
  await expect(page.getByText('Windows-1252, comma-separated')).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Review import' }).click();
  await expect(tile(page, 'will be created')).toHaveText('2');
  await page.getByRole('button', { name: /Start import/ }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^The file and Undo are kept until \d{4}-\d{2}-\d{2}\.$/)).toBeVisible();
  await visit(page, '/opportunities?view=list');
  await expect.poll(() => listed(page)).toContain('Café Genève');
});

test('export everything, re-import it with "update matches": nothing changes', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: '=Formula, "quoted" deal', value: '1500.5', close: '2026-05-01' });
  await createDeal(page, { name: 'Plain deal', value: '20' });
  await visit(page, '/opportunities?view=list');
  await page.getByText('Export', { exact: true }).click();
  await page.getByLabel('For Excel (adds a byte-order mark)').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export everything' }).click(),
  ]);
  const exported = readFileSync(await download.path());
  expect([...exported.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = exported.toString('utf8');
  expect(text).toContain('"\'=Formula, ""quoted"" deal",1500.50,Sales Pipeline,Prospecting,Open');

  await upload(page, download.suggestedFilename(), exported);
  await page.getByLabel('Update matches (by ID or external ID)').check();
  await page.getByRole('button', { name: 'Review import' }).click();
  await expect(tile(page, 'will be skipped')).toHaveText('2');
  await expect(tile(page, 'will be updated')).toHaveText('0');
  await expect(page.getByRole('region', { name: 'Review' })).toContainText('already up to date');
  await expect(page.getByText('No row would create or update a deal.')).toBeVisible();
});

/** A single-select opportunity field with `choices`, defined on the Custom fields page. */
async function defineSelectField(page: Page, name: string, choices: string[]) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Custom fields' }).click();
  await hydrated(page);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Type').selectOption({ label: 'Single select' });
  await page.getByLabel('Choices (one per line)').fill(choices.join('\n'));
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('region', { name: 'Opportunity fields' })).toContainText(name);
}

test('a Pipedrive export imports with the suggested mapping once its two unknown values are mapped', async ({ page }) => {
  test.slow();
  await boardWithPipeline(page);
  await defineSelectField(page, 'Treatment', ['Implant', 'Whitening', 'Cleaning']);
  await upload(page, 'pipedrive-deals.csv', pipedriveExport(300, 'Dana Scully'));

  await expect(page.getByLabel('Deal - ID')).toHaveValue('external_id');
  await expect(page.getByLabel('Deal - Title')).toHaveValue('name');
  await expect(page.getByLabel('Deal - Currency')).toHaveValue('currency');
  await expect(page.getByLabel('Person - Name')).toHaveValue('contact.name');
  await expect(page.getByLabel('Person - Email')).toHaveValue('contact.email');
  await expect(page.getByLabel('Organization - Name')).toHaveValue('company.name');
  await expect(page.getByLabel('Deal - Treatment (custom)')).toHaveValue(/^cf\.\d+$/);
  await expect(page.getByLabel('Numbers are written like')).toHaveValue('decimal_comma');
  await expect(page.getByText('Detected from the file: 19007,01 looks like a decimal comma.')).toBeVisible();
  await expect(page.getByLabel('Dates are written')).toHaveValue('month_day');
  await expect(page.getByText('Detected from the file: 2/14/2026 looks like the month first.')).toBeVisible();
  await expect(page.getByLabel('Create missing contacts and companies')).toBeChecked();

  await page.getByRole('button', { name: 'Review import' }).click();
  const review = page.getByRole('region', { name: 'Review' });
  await expect(tile(page, 'will fail')).toHaveText('299');
  await expect(review.getByRole('row', { name: /^pipeline ‘Sales’ does not exist/ })).toContainText('297');
  const values = page.getByRole('region', { name: 'Values that match nothing' });
  await expect(values.getByRole('row', { name: /^Sales/ })).toContainText('Most alike: Sales Pipeline');
  await expect(values.getByRole('row', { name: /^Negotation/ })).toContainText('Most alike: Negotiation');
  await expect(values.getByLabel('Sales', { exact: true })).toHaveValue('');
  await values.getByLabel('Sales', { exact: true }).selectOption('Sales Pipeline');
  await values.getByLabel('Negotation', { exact: true }).selectOption('Negotiation');
  await expect(page.getByText('Your choices changed since this review. Review again before starting.')).toBeVisible();
  await expect(page.getByRole('button', { name: /Start import/ })).toHaveCount(0);
  await values.getByRole('button', { name: 'Review again with these values' }).click();

  await expect(tile(page, 'will be created')).toHaveText('297');
  await expect(tile(page, 'will fail')).toHaveText('2');
  await expect(tile(page, 'will be skipped')).toHaveText('1');
  await expect(review).toContainText('Creates 297 contacts and 25 companies that do not exist yet.');
  await expect(review.getByRole('row', { name: /^the value is in USD/ })).toContainText('rows 7 and 8');
  await page.getByRole('button', { name: /Start import/ }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 45_000 });
  await expect(tile(page, 'created')).toHaveText('297');
  await expect(tile(page, 'failed')).toHaveText('2');
  await expect(tile(page, 'skipped')).toHaveText('1');
  const result = page.getByRole('region', { name: 'Import finished' });
  await expect(result.getByRole('row', { name: /^the row is empty/ })).toContainText('row 11');

  // Row 298: its stage was misspelt "Negotation", its treatment written "whitening".
  await visit(page, '/opportunities?view=list&q=Deal 298');
  await page.getByRole('link', { name: 'Deal 298', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Deal 298', level: 1 })).toBeVisible();
  for (const shown of ['EUR 21,086.98', 'Negotiation', 'Person 298', 'Client 23 Ltd', 'Whitening']) {
    await expect(page.getByText(shown).first()).toBeVisible();
  }
  await visit(page, '/opportunities?view=list&q=Deal 290');
  await page.getByRole('link', { name: 'Deal 290', exact: true }).click();
  await expect(page.getByText('Closed Won').first()).toBeVisible();
  await visit(page, '/companies?q=Client 7 Ltd');
  await expect(page.getByRole('link', { name: 'Client 7 Ltd' })).toBeVisible();
  await visit(page, '/contacts?q=person299');
  await expect(page.getByRole('link', { name: 'Person 299' })).toBeVisible();

  await page.goto('/opportunities/import');
  await page.getByRole('link', { name: 'pipedrive-deals.csv' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Undo import' }).click();
  await page.getByRole('dialog', { name: 'Undo this import?' }).getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByRole('heading', { name: 'Import undone' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('It removed the 297 contacts and 25 companies the import created.')).toBeVisible();
  await visit(page, '/contacts?q=person299');
  await expect(page.getByRole('link', { name: 'Person 299' })).toHaveCount(0);
});
