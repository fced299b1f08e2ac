// "Add to workflow" (the Manual trigger): on a deal's profile and as a bulk action in the
// list, a person enrolls deals in a published workflow that can be started by hand; the
// notice says what happened, and the deals' timelines name the workflow. Workflows are
// imported as JSON and published, as the builder will.
import { test, expect, boardWithPipeline, createDeal, hydrated, visit, card, row, publishWorkflow } from '../fixtures';
import type { Page } from '@playwright/test';

const EMPTY = 'No published workflow can be started by hand on deals. An admin adds a Manual trigger for deals to a workflow and publishes it.';

/** "Send proposals": started by hand, it moves the deal to Proposal; no re-entry. */
async function publishSendProposals(page: Page) {
  const settings = await page.request.post('/api/pipelines/settings');
  expect(settings.ok()).toBeTruthy();
  const [sales] = await settings.json();
  const proposal = sales.pipeline.stages.find((s: { name: string }) => s.name === 'Proposal');
  await publishWorkflow(page, {
    name: 'Send proposals',
    description: 'Moves the deal to Proposal, so the proposal goes out this week.',
    triggers: [{ type: 'manual' }],
    steps: [{ key: 1, name: 'To Proposal', type: 'update_opportunity', fields: { stage: proposal.id } }],
  });
}

async function openProfile(page: Page, name: string) {
  await visit(page, '/opportunities');
  await card(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await hydrated(page);
}

test('a deal added to a workflow from its profile runs it once; a second time says why not', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Globex', value: '10' });
  await publishSendProposals(page);
  await openProfile(page, 'Globex');

  await page.getByRole('button', { name: 'Add to workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Globex to a workflow' });
  await expect(dialog).toBeVisible();
  const choice = dialog.getByRole('radio', { name: 'Send proposals' });
  await expect(choice).toBeChecked();
  await expect(choice).toBeFocused();
  await expect(dialog).toContainText('Moves the deal to Proposal, so the proposal goes out this week.');
  await page.setViewportSize({ width: 1440, height: 900 });
  await dialog.screenshot({ path: 'screenshots/add-to-workflow-1440.png' });
  await dialog.getByRole('button', { name: 'Add to workflow' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Enrolled in “Send proposals”.' })).toBeVisible();

  // The engine runs the step in the background; the timeline names the workflow.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('workflow “Send proposals”, step “To Proposal”', { timeout: 1_000 });
    // The profile's parts are read one after another: a reload as the step commits may
    // show its timeline entry before its stage, so both are waited for together.
    await expect(page.getByRole('region', { name: 'Details' })).toContainText('Proposal', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  await hydrated(page);
  await page.getByRole('button', { name: 'Add to workflow' }).click();
  await dialog.getByRole('button', { name: 'Add to workflow' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Not enrolled: this record entered this workflow before, and Allow re-entry is off.');
});

test('two ticked deals in the list are added to a workflow at once', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Alpha', value: '500' });
  await createDeal(page, { name: 'Beta', value: '100' });
  await createDeal(page, { name: 'Gamma', value: '300' });
  await publishSendProposals(page);
  await visit(page, '/opportunities?view=list');
  await row(page, 'Alpha').getByRole('checkbox').check();
  await row(page, 'Beta').getByRole('checkbox').check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Add to workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add 2 deals to a workflow' });
  await dialog.getByRole('radio', { name: 'Send proposals' }).check();
  await dialog.getByRole('button', { name: 'Add to workflow' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '2 deals enrolled in “Send proposals”.' })).toBeVisible();
  await expect(bar).toBeHidden();

  await expect(async () => {
    await page.reload();
    await expect(row(page, 'Alpha')).toContainText('Proposal', { timeout: 1_000 });
    await expect(row(page, 'Beta')).toContainText('Proposal', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row(page, 'Gamma')).toContainText('Prospecting');
});

test('with no published manual workflow the dialog says so and offers nothing to submit', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Initech', value: '20' });
  // Published, but started by an event, not by hand; and a manual one left as a draft.
  await publishWorkflow(page, { name: 'On creation', triggers: [{ type: 'opportunity_created' }], steps: [{ key: 1, name: 'Note', type: 'add_note', body: 'New deal.' }] });
  // Started by hand on contacts only: not offered for a deal.
  await publishWorkflow(page, { name: 'Welcome contacts', triggers: [{ type: 'manual', records: 'contacts' }], steps: [{ key: 1, name: 'Note', type: 'add_note', body: 'Hi.' }] });
  const draft = await page.request.post('/api/workflows/import', {
    form: { json: JSON.stringify({ name: 'Draft by hand', triggers: [{ type: 'manual' }], steps: [{ key: 1, name: 'Note', type: 'add_note', body: 'Hi.' }] }) },
  });
  expect(draft.ok(), await draft.text()).toBeTruthy();
  await openProfile(page, 'Initech');

  await page.getByRole('button', { name: 'Add to workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Initech to a workflow' });
  await expect(dialog).toContainText(EMPTY);
  await expect(dialog.getByRole('radio')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Add to workflow' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the dialog is reached, filled in and submitted with the keyboard alone', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Hooli', value: '30' });
  await publishSendProposals(page);
  await publishWorkflow(page, { name: 'Say hello', triggers: [{ type: 'manual' }], steps: [{ key: 1, name: 'Hello', type: 'add_note', body: 'Hello.' }] });
  await openProfile(page, 'Hooli');

  const opener = page.getByRole('button', { name: 'Add to workflow' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add Hooli to a workflow' });
  await expect(dialog).toBeVisible();
  // Two to choose from: none is picked for the person, and the first has focus.
  const first = dialog.getByRole('radio').first();
  await expect(first).toBeFocused();
  await expect(dialog.getByRole('radio', { checked: true })).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 780 });
  await dialog.screenshot({ path: 'screenshots/add-to-workflow-phone.png' });
  await page.keyboard.press('Space');
  await expect(first).toBeChecked();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Add to workflow' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /Enrolled in “(Send proposals|Say hello)”\./ })).toBeVisible();
  await expect(opener).toBeFocused();
});
