// Runs as an admin reads and manages them in the builder: a Test on a real deal shows
// what each step would do and changes nothing, then Run for real enrolls it and its run
// log says what happened; a run that failed on a webhook is retried after the workflow
// was edited and published again, and finishes on the version it started on; a waiting
// record is removed from the workflow; each version says what changed.
import { test, expect, createWorkspace, hydrated, visit, column, createDeal, publishWorkflow, pipelineWithStage } from '../fixtures';
import type { Page } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

async function stageId(page: Page, name: string): Promise<number> {
  const settings = await page.request.post('/api/pipelines/settings');
  expect(settings.ok()).toBeTruthy();
  const [sales] = await settings.json();
  return sales.pipeline.stages.find((s: { name: string }) => s.name === name).id;
}

async function openBuilder(page: Page, id: number, tab = '') {
  await visit(page, `/automations/${id}${tab ? `?tab=${tab}` : ''}`);
  await hydrated(page);
}

/** Reloads until `check` passes: a run goes on in the background. */
async function eventually(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await hydrated(page);
    await check();
  }).toPass({ timeout: 20_000 });
}

test('a Test on a real deal changes nothing; Run for real enrolls it and its log says what happened', async ({ page, context }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');
  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Botox consult', value: '300' });
  const stage = await stageId(page, 'Appointment set');
  const id = await publishWorkflow(page, {
    name: 'Book the consult',
    triggers: [{ type: 'opportunity_created' }],
    steps: [
      { key: 1, name: 'Move to Appointment set', type: 'update_opportunity', fields: { stage } },
      { key: 2, name: 'Note', type: 'add_note', body: 'Booked {{opportunity.name}}' },
    ],
  });

  await openBuilder(page, id);
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Test on a real record' });
  await expect(dialog.getByLabel('Version 1, the one that runs')).toBeChecked();
  await dialog.getByLabel('Deal or contact').fill('botox');
  await dialog.getByRole('button', { name: /^Botox consult Opportunity in Sales Pipeline, Prospecting/ }).click();
  await dialog.getByRole('button', { name: 'Run test' }).click();
  const result = dialog.getByRole('region', { name: 'Test result' });
  await expect(result).toContainText('What the version that runs would do to Botox consult');
  await expect(result).toContainText('Moved from Prospecting to Appointment set');
  await expect(result).toContainText('Would log a note');
  await expect(result).toContainText('Booked Botox consult');
  await expect(result).toContainText('The run would finish here.');
  await expect(result).toContainText('Nothing was changed and no webhook was sent.');

  // Nothing changed: the board in another tab still has the deal in Prospecting.
  const board = await context.newPage();
  await visit(board, '/opportunities');
  await expect(column(board, 'Prospecting').getByRole('article', { name: 'Botox consult' })).toBeVisible();

  await dialog.getByRole('button', { name: 'Run for real' }).click();
  await expect(dialog.getByRole('status')).toContainText(/Enrolled: run #\d+ has started/);
  await expect(column(board, 'Appointment set').getByRole('article', { name: 'Botox consult' })).toBeVisible({ timeout: 15_000 });

  await dialog.getByRole('link', { name: 'Open its run log' }).click();
  await expect(page.getByRole('heading', { name: /^Run #\d+ · Botox consult$/ })).toBeVisible();
  await eventually(page, async () => {
    await expect(page.getByRole('region', { name: /^Run #/ })).toContainText('Finished');
  });
  const log = page.getByRole('list').filter({ hasText: 'Move to Appointment set' });
  await expect(log).toContainText('Moved from Prospecting to Appointment set');
  await expect(log).toContainText('Logged a note');
  await expect(page.getByRole('link', { name: 'Botox consult' })).toHaveAttribute('href', /\/opportunities\/\d+$/);

  // The deal's profile lists the workflow and its run, linked to the run log.
  await page.getByRole('link', { name: 'Botox consult' }).click();
  const workflows = page.getByRole('region', { name: 'Workflows' });
  await expect(workflows.getByRole('listitem').filter({ hasText: 'Book the consult' })).toContainText('Finished');
  await workflows.getByRole('link', { name: 'Book the consult' }).click();
  await expect(page.getByRole('heading', { name: /^Run #\d+ · Botox consult$/ })).toBeVisible();

  // A second time is refused: Allow re-entry is off.
  await openBuilder(page, id);
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await dialog.getByLabel('Deal or contact').fill('botox');
  await dialog.getByRole('button', { name: /^Botox consult/ }).click();
  await dialog.getByRole('button', { name: 'Run test' }).click();
  await expect(result).toContainText('entered this workflow before, and Allow re-entry is off');
  await dialog.getByRole('button', { name: 'Run for real' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Allow re-entry is off');
});

test('a failed run is retried after an edit and finishes on the version it started on', async ({ page }) => {
  let failing = true;
  let calls = 0;
  const receiver = http.createServer((req, res) => {
    calls += 1;
    req.resume();
    res.statusCode = failing ? 400 : 200;
    res.end(failing ? 'no such order' : 'ok');
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const port = (receiver.address() as AddressInfo).port;
  try {
    await createWorkspace(page);
    await pipelineWithStage(page, 'Appointment set', '30');
    const id = await publishWorkflow(page, {
      name: 'Tell the warehouse',
      triggers: [{ type: 'opportunity_created' }],
      steps: [
        { key: 1, name: 'Post the order', type: 'send_webhook', url: `http://127.0.0.1:${port}/orders` },
        { key: 2, name: 'Note', type: 'add_note', body: 'Sent by version 1' },
      ],
    });
    await visit(page, '/opportunities');
    await createDeal(page, { name: 'Globex', value: '900' });

    await openBuilder(page, id, 'history');
    await eventually(page, async () => {
      await expect(page.getByRole('row', { name: /Globex/ })).toContainText('Failed at Post the order');
    });
    await page.getByRole('row', { name: /Globex/ }).getByRole('link', { name: /^Run #/ }).click();
    const step = page.getByRole('listitem').filter({ hasText: 'Post the order' });
    await expect(step).toContainText('Failed');
    await expect(step).toContainText('400');

    // The admin edits the note and publishes version 2 while that run is failed.
    await page.getByRole('link', { name: 'Builder' }).click();
    await page.getByRole('button', { name: /^Step 2 of 2: Add Note/ }).click();
    await page.getByLabel('Note', { exact: true }).fill('Sent by version 2');
    await page.getByRole('button', { name: 'Save Action' }).click();
    await expect(page.getByText('Saved Note.')).toBeVisible();
    await page.getByRole('button', { name: 'Publish changes' }).click();
    await expect(page.getByText('Published as version 2.')).toBeVisible();

    await page.getByRole('link', { name: 'Versions' }).click();
    const v2 = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Version 2' }) });
    await expect(v2).toContainText('Changed “Note” (Add Note)');
    await expect(v2).toContainText('Runs now');
    await expect(v2).toContainText('Published by Dana Scully');

    // The receiver is fixed; the failed run is retried from its failed step.
    failing = false;
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('row', { name: /Globex/ }).getByRole('link', { name: /^Run #/ }).click();
    await page.getByRole('button', { name: 'Retry from “Post the order”' }).click();
    await expect(page.getByText(/is running again from its failed step/)).toBeVisible();
    await eventually(page, async () => {
      await expect(page.getByRole('region', { name: /^Run #/ })).toContainText('Finished');
    });
    const log = page.getByRole('list').filter({ hasText: 'Post the order' }).first();
    await expect(log).toContainText('Retried by Dana Scully from “Post the order”.');
    await expect(log).toContainText('Sent by version 1');
    await expect(page.getByRole('region', { name: /^Run #/ })).toContainText('Version 1');
    expect(calls).toBe(2);

    // A new deal runs on version 2.
    await visit(page, '/opportunities');
    await createDeal(page, { name: 'Initech', value: '100' });
    await openBuilder(page, id, 'history');
    await eventually(page, async () => {
      await expect(page.getByRole('row', { name: /Initech/ })).toContainText('Finished');
    });
    await expect(page.getByRole('row', { name: /Initech/ })).toContainText('v2');
    await expect(page.getByRole('row', { name: /Globex/ })).toContainText('v1');
    await page.getByLabel('Status').selectOption('failed');
    await expect(page.getByText('No run matches these filters.')).toBeVisible();
    await page.getByLabel('Status').selectOption('finished');
    await page.getByLabel('Record').fill('initech');
    await page.getByLabel('Record').press('Enter');
    await expect(page.getByRole('row', { name: /Initech/ })).toBeVisible();
    await expect(page.getByRole('row', { name: /Globex/ })).toBeHidden();
  } finally {
    receiver.close();
  }
});

test('a waiting record is listed as Enrolled and can be removed from the workflow', async ({ page }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');
  const id = await publishWorkflow(page, {
    name: 'Check back tomorrow',
    triggers: [{ type: 'opportunity_created' }],
    steps: [
      { key: 1, name: 'A day', type: 'wait', until: { type: 'duration', duration: { amount: 1, unit: 'days' } } },
      { key: 2, name: 'Note', type: 'add_note', body: 'A day on' },
    ],
  });
  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Umbrella', value: '50' });
  await openBuilder(page, id, 'enrolled');
  await eventually(page, async () => {
    await expect(page.getByRole('row', { name: /Umbrella/ })).toContainText(/Waiting until .*, then Note/);
  });
  await page.getByRole('button', { name: 'Remove Umbrella from workflow' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Umbrella from this workflow?' });
  await confirm.getByRole('button', { name: 'Remove from workflow' }).click();
  await expect(page.getByText('Umbrella was removed from the workflow.')).toBeVisible();
  await expect(page.getByText('No record is in this workflow now.')).toBeVisible();
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('row', { name: /Umbrella/ })).toContainText('Stopped');
});
