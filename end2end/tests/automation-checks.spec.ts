// The checks before Publish that come from the flow itself, as an admin meets them in
// the builder: a step that needs an opportunity where none can be stops publishing,
// with the reason linked to the step; a workflow that changes what its own trigger
// listens to with Allow re-entry on, and a move back while backward moves are off,
// are warnings that leave Publish on.
import { test, expect, createWorkspace, hydrated, visit, pipelineWithStage } from '../fixtures';
import type { Page } from '@playwright/test';

async function imported(page: Page, definition: object): Promise<number> {
  const reply = await page.request.post('/api/workflows/import', { form: { json: JSON.stringify(definition) } });
  expect(reply.ok(), await reply.text()).toBeTruthy();
  return reply.json();
}

test('a step with no opportunity to act on stops publishing; loop and backward moves warn', async ({ page }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');
  const settings = await page.request.post('/api/pipelines/settings');
  const [sales] = await settings.json();
  const stage = (name: string) => sales.pipeline.stages.find((s: { name: string }) => s.name === name).id;

  const contacts = await imported(page, {
    name: 'Tag and move',
    triggers: [{ type: 'contact_created' }],
    steps: [{ key: 1, name: 'Move it', type: 'update_opportunity', fields: { stage: stage('Proposal') } }],
  });
  await visit(page, `/automations/${contacts}`);
  await hydrated(page);
  await expect(page.getByRole('switch', { name: 'Publish' })).toBeDisabled();
  const reason = page.getByRole('region', { name: 'Before you can publish' }).getByRole('button', { name: /no trigger brings one/ });
  await expect(reason).toBeVisible();
  await reason.click();
  await expect(page.getByRole('button', { name: /^Step 1 of 1: Update Opportunity/ })).toBeFocused();

  const looping = await imported(page, {
    name: 'Push back',
    settings: { allow_reentry: true },
    triggers: [{ type: 'pipeline_stage_changed', pipeline: sales.pipeline.id, to_stage: stage('Proposal') }],
    steps: [{ key: 1, name: 'Back to Qualification', type: 'update_opportunity', fields: { stage: stage('Qualification') } }],
  });
  await visit(page, `/automations/${looping}`);
  await hydrated(page);
  const warnings = page.getByRole('region', { name: 'Worth a look before you publish' });
  await expect(warnings).toContainText('the loop guard stops a record after');
  await expect(warnings).toContainText('moves the deal back from Proposal to Qualification');
  await expect(page.getByRole('region', { name: 'Before you can publish' })).toBeHidden();
  const publish = page.getByRole('switch', { name: 'Publish' });
  await expect(publish).toBeEnabled();
  await publish.click();
  await expect(page.getByText('Published as version 1.')).toBeVisible();
});
