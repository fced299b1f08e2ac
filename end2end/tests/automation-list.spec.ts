// The Automation list and the builder's first screens: workflows with their state, their
// triggers in words and their week; search; Import JSON and Export; Publish staying off
// with its reasons, each a link to the node it concerns; the canvas's lanes and zoom.
// The automation screens are a lazy route: a rep's board never downloads their code.
import { test, expect, createWorkspace, hydrated, visit, publishWorkflow, pipelineWithStage } from '../fixtures';
import type { Page } from '@playwright/test';

async function salesPipeline(page: Page) {
  await pipelineWithStage(page, 'Appointment set', '30');
  const settings = await page.request.post('/api/pipelines/settings');
  const [sales] = await settings.json();
  const stageId = (name: string) => sales.pipeline.stages.find((s: { name: string }) => s.name === name).id;
  return { pipeline: sales.pipeline.id as number, stageId };
}

/** The wasm files the page downloaded while `act` ran. */
async function wasmDuring(page: Page, act: () => Promise<void>) {
  const seen: string[] = [];
  const listen = (r: { url(): string }) => {
    if (r.url().endsWith('.wasm')) seen.push(new URL(r.url()).pathname);
  };
  page.on('request', listen);
  await act();
  page.off('request', listen);
  return seen;
}

test('admins find, import, export and open automations; the board never loads their code', async ({ page }) => {
  await createWorkspace(page);
  const { pipeline, stageId } = await salesPipeline(page);
  await publishWorkflow(page, {
    name: 'Follow up proposals',
    triggers: [{ type: 'pipeline_stage_changed', pipeline, to_stage: stageId('Proposal') }],
    steps: [{ key: 1, name: 'Note it', type: 'add_note', body: 'Proposal sent to {{contact.name}}' }],
  });

  const board = await wasmDuring(page, () => visit(page, '/opportunities'));
  expect(board).toEqual(['/pkg/dealflow.wasm']);

  const opened = await wasmDuring(page, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();
    await expect(page.getByRole('heading', { name: 'Automation', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Follow up proposals', exact: true })).toBeVisible();
  });
  expect(opened.length, `the automation screens come as their own chunk: ${opened}`).toBeGreaterThan(0);
  expect(opened).not.toContain('/pkg/dealflow.wasm');

  const row = page.getByRole('row', { name: /Follow up proposals/ });
  await expect(row).toContainText('Published · v1');
  await expect(row).toContainText('When a deal enters Proposal in Sales Pipeline');
  await expect(row).toContainText('by Dana Scully');

  // Import JSON: a file exported elsewhere becomes a draft and opens in the builder.
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'appointment.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        name: 'Appointment set',
        triggers: [{ type: 'meeting_created_or_modified', status: 'Scheduled' }],
        steps: [
          {
            key: 1,
            name: 'Find the deal',
            type: 'find_opportunity',
            pick: 'latest',
            filters: [{ field: 'opportunity.status', operator: 'is', value: 'open' }],
            found: [{ key: 2, name: 'Move to Appointment set', type: 'update_opportunity', fields: { stage: stageId('Appointment set') } }],
            not_found: [{ key: 3, name: 'Say so', type: 'add_contact_tag', tag: 'no deal' }],
          },
        ],
      }),
    ),
  });
  await expect(page.getByText('Imported appointment.json as a draft.')).toBeVisible();
  await expect(page).toHaveURL(/\/automations\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Appointment set', level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Trigger 1 of 1: Meeting Created or Modified, When a meeting is booked or changed with status Scheduled' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Step 1 of 3: Find Opportunity, Matching 1 filter' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Opportunity Found lane of Find the deal' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Opportunity Not Found lane of Find the deal' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Step 2 of 3: Update Opportunity, Move to Appointment set' })).toBeVisible();

  // Zoom and fit keep the flow on screen.
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect(page.getByRole('toolbar', { name: 'Canvas zoom' })).toContainText('80%');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByRole('toolbar', { name: 'Canvas zoom' })).toContainText('125%');
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await expect(page.getByRole('toolbar', { name: 'Canvas zoom' })).not.toContainText('125%');

  // Ready: Publish is on offer, and publishing runs it.
  const publish = page.getByRole('switch', { name: 'Publish' });
  await expect(publish).toBeEnabled();
  await expect(publish).toHaveAttribute('aria-checked', 'false');
  await publish.click();
  await expect(page.getByText('Published as version 1.')).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Publish' })).toHaveAttribute('aria-checked', 'true');

  // Export gives back the draft as a file that names the workflow.
  await visit(page, '/automations');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export Appointment set as JSON' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('appointment-set.json');
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile(await file.path(), 'utf8'));
  expect(exported.steps[0].found[0].fields.stage).toBe(stageId('Appointment set'));

  // Search by name or by what starts them.
  await page.getByLabel('Search by name or trigger').fill('meeting');
  await expect(page.getByRole('link', { name: 'Follow up proposals', exact: true })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Appointment set', exact: true })).toBeVisible();
  await page.getByLabel('Search by name or trigger').fill('nothing like this');
  await expect(page.getByText('No automation matches this search.')).toBeVisible();
});

test('Publish stays off with the reasons, each a link to the node it concerns', async ({ page }) => {
  await createWorkspace(page);
  const { stageId } = await salesPipeline(page);
  const imported = await page.request.post('/api/workflows/import', {
    form: {
      json: JSON.stringify({
        name: 'Move booked deals',
        triggers: [{ type: 'meeting_created_or_modified', status: 'Scheduled' }],
        steps: [
          { key: 1, name: 'Tag them', type: 'add_contact_tag', tag: 'booked' },
          { key: 2, name: 'Move to Appointment set', type: 'update_opportunity', fields: { stage: stageId('Appointment set') } },
        ],
      }),
    },
  });
  const id = await imported.json();

  // The stage the step names is removed afterwards.
  await visit(page, '/settings/pipelines');
  await page.getByRole('button', { name: 'Remove Appointment set' }).click();
  await expect(page.getByText('Appointment set removed.')).toBeVisible();

  await visit(page, `/automations/${id}`);
  const publish = page.getByRole('switch', { name: 'Publish' });
  await expect(publish).toBeDisabled();
  const reasons = page.getByRole('region', { name: 'Before you can publish' });
  const reason = reasons.getByRole('button', { name: /^Step 2: Update Opportunity \(step “Move to Appointment set”\)/ });
  await expect(reason).toBeVisible();
  await reason.click();
  const node = page.getByRole('button', { name: /^Step 2 of 2: Update Opportunity, Move to a removed stage\. 1 problem/ });
  await expect(node).toBeFocused();
  await expect(node).toHaveAttribute('aria-pressed', 'true');
});

test('an automation that does not exist is answered as not found', async ({ page }) => {
  await createWorkspace(page);
  const response = await page.goto('/automations/999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Automation not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to Automation' }).click();
  await expect(page.getByRole('heading', { name: 'Automation', level: 1 })).toBeVisible();
});
