// Changing a logged meeting on a deal's timeline: `Edit` opens the meeting in a dialog,
// bad times are refused at their field with what was typed kept, a change is saved in
// place, and `Mark completed` does it in one click. Rescheduling a cancelled meeting
// starts the workflow that waits for scheduled meetings.
import { test, expect, boardWithPipeline, createDeal, hydrated, visit, card, column, publishWorkflow } from '../fixtures';
import type { Page } from '@playwright/test';

async function openDeal(page: Page, name: string) {
  await visit(page, '/opportunities');
  await card(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await hydrated(page);
}

async function bookMeeting(page: Page, title: string, status = 'Scheduled') {
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('radio', { name: 'Meeting' }).check();
  await timeline.getByLabel('Title').fill(title);
  await timeline.getByLabel('Starts').fill('2027-02-01T10:00');
  await timeline.getByLabel('Ends').fill('2027-02-01T11:00');
  await timeline.getByLabel('Status').selectOption({ label: status });
  await timeline.getByRole('button', { name: 'Add meeting' }).click();
  await expect(timeline).toContainText(`Meeting: ${title}`);
}

test('a meeting is edited in place; bad times are refused at their field; Mark completed', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Globex pilot', value: '5000' });
  await openDeal(page, 'Globex pilot');
  await bookMeeting(page, 'Pilot kick-off');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('2027-02-01 10:00 – 11:00 · Scheduled');

  const edit = timeline.getByRole('button', { name: 'Edit Meeting: Pilot kick-off' });
  await edit.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Edit meeting' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Title')).toHaveValue('Pilot kick-off');
  await expect(dialog.getByLabel('Starts')).toHaveValue('2027-02-01T10:00');
  await expect(dialog.getByLabel('Status')).toHaveValue('scheduled');

  await dialog.getByLabel('Title').fill('Pilot kick-off, on site');
  await dialog.getByLabel('Ends').fill('2027-02-01T09:30');
  await dialog.getByRole('button', { name: 'Save meeting' }).click();
  await expect(dialog.getByText('The meeting must end after it starts.')).toBeVisible();
  await expect(dialog.getByLabel('Ends')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Title')).toHaveValue('Pilot kick-off, on site');
  await page.setViewportSize({ width: 1440, height: 900 });
  await dialog.screenshot({ path: 'screenshots/edit-meeting-1440.png' });

  await dialog.getByLabel('Ends').fill('2027-02-01T12:00');
  await dialog.getByLabel('Notes').fill('Bring the demo unit.');
  await dialog.getByRole('button', { name: 'Save meeting' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Meeting saved.')).toBeVisible();
  await expect(timeline).toContainText('Meeting: Pilot kick-off, on site');
  await expect(timeline).toContainText('2027-02-01 10:00 – 12:00 · Scheduled');
  await expect(timeline).toContainText('Bring the demo unit.');

  // Cancel leaves the meeting as it was.
  await timeline.getByRole('button', { name: 'Edit Meeting: Pilot kick-off, on site' }).click();
  await dialog.getByLabel('Title').fill('Something else');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(timeline).toContainText('Meeting: Pilot kick-off, on site');

  await timeline.getByRole('button', { name: 'Mark completed: Meeting: Pilot kick-off, on site' }).click();
  await expect(timeline).toContainText('2027-02-01 10:00 – 12:00 · Completed');
  await expect(timeline.getByRole('button', { name: /^Mark completed/ })).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(timeline).toContainText('2027-02-01 10:00 – 12:00 · Completed');
  await expect(timeline).toContainText('Bring the demo unit.');
});

test('rescheduling a cancelled meeting moves the deal to Appointment set', async ({ page }) => {
  await boardWithPipeline(page);
  await visit(page, '/settings/pipelines');
  await page.getByLabel('New stage name').fill('Appointment set');
  await page.getByLabel('Close probability (%)').fill('30');
  await page.getByRole('button', { name: 'Add Stage' }).click();
  await expect(page.getByText('Appointment set added.')).toBeVisible();
  const settings = await page.request.post('/api/pipelines/settings');
  const [sales] = await settings.json();
  const stage = sales.pipeline.stages.find((s: { name: string }) => s.name === 'Appointment set');
  await publishWorkflow(page, {
    name: 'Appointment set',
    triggers: [{ type: 'meeting_created_or_modified', status: 'Scheduled' }],
    steps: [{ key: 1, name: 'Move to Appointment set', type: 'update_opportunity', fields: { stage: stage.id } }],
  });

  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Botox consult', value: '300' });
  await openDeal(page, 'Botox consult');
  await bookMeeting(page, 'Consultation', 'Cancelled');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('· Cancelled');

  await timeline.getByRole('button', { name: 'Edit Meeting: Consultation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit meeting' });
  await dialog.getByLabel('Status').selectOption({ label: 'Scheduled' });
  await dialog.getByRole('button', { name: 'Save meeting' }).click();
  await expect(dialog).toBeHidden();

  // Straight to the board: a step that lands while it loads is not missed.
  await visit(page, '/opportunities');
  await expect(column(page, 'Appointment set').getByRole('article', { name: 'Botox consult' })).toBeVisible({ timeout: 15_000 });
});
