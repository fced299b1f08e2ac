// Spec 000's third automation: "Move Opportunity to 'Appointment set' when a meeting is
// booked". The workflow is imported as JSON and published, then a person books a meeting
// on a deal and the deal moves on the open board by itself, its timeline naming the workflow.
import { test, expect, createWorkspace, hydrated, visit, column, createDeal, publishWorkflow, pipelineWithStage, bookMeeting } from '../fixtures';

test('a booked meeting moves the deal to Appointment set on the open board', async ({ page, context }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');

  // The admin imports the workflow's JSON and publishes it, as the builder will.
  const settings = await page.request.post('/api/pipelines/settings');
  expect(settings.ok()).toBeTruthy();
  const [sales] = await settings.json();
  const stage = sales.pipeline.stages.find((s: { name: string }) => s.name === 'Appointment set');
  const definition = {
    name: 'Appointment set',
    triggers: [{ type: 'meeting_created_or_modified', status: 'Scheduled' }],
    steps: [{ key: 1, name: 'Move to Appointment set', type: 'update_opportunity', fields: { stage: stage.id } }],
  };
  await publishWorkflow(page, definition);

  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Botox consult', value: '300' });
  await expect(column(page, 'Prospecting').getByRole('article', { name: 'Botox consult' })).toBeVisible();

  // In a second tab, the rep books a meeting on the deal.
  const profile = await context.newPage();
  await bookMeeting(profile, 'Botox consult', 'Consultation');

  // The board in the first tab moves the card by itself.
  await expect(column(page, 'Appointment set').getByRole('article', { name: 'Botox consult' })).toBeVisible({ timeout: 15_000 });

  await profile.reload();
  await hydrated(profile);
  await expect(profile.getByRole('region', { name: 'Timeline' })).toContainText('workflow “Appointment set”, step “Move to Appointment set”');
});
