// Where things are used: removing a stage, deactivating a user or deleting a custom field
// that a published workflow names warns first, naming the workflows; what no published
// workflow names still goes at once. Workflows are imported as JSON and published, as
// the builder will.
import { test, expect, createWorkspace, hydrated, visit, addTeammate, defineCustomField, createDeal } from '../fixtures';
import type { Page } from '@playwright/test';

const CONSEQUENCE = 'Their steps that name it will fail with a reason until you change them.';

async function publishWorkflow(page: Page, definition: object) {
  const imported = await page.request.post('/api/workflows/import', { form: { json: JSON.stringify(definition) } });
  expect(imported.ok(), await imported.text()).toBeTruthy();
  const id = await imported.json();
  const published = await page.request.post('/api/workflows/publish', { form: { id: String(id) } });
  expect(published.ok(), await published.text()).toBeTruthy();
}

function stageNames(page: Page) {
  return page.getByRole('list', { name: /^Stages of/ }).getByRole('listitem').evaluateAll((items) =>
    items.map((li) => li.getAttribute('aria-label')),
  );
}

test('removing a stage a published workflow names warns first, then asks where its deals go', async ({ page }) => {
  await createWorkspace(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Set up a pipeline' }).click();
  await expect(page.getByRole('heading', { name: 'Sales Pipeline', level: 2 })).toBeVisible();
  const settings = await page.request.post('/api/pipelines/settings');
  expect(settings.ok()).toBeTruthy();
  const [sales] = await settings.json();
  const stageId = (name: string) => sales.pipeline.stages.find((s: { name: string }) => s.name === name).id;
  const moveTo = (key: number, name: string, stage: string) => ({ key, name, type: 'update_opportunity', fields: { stage: stageId(stage) } });
  await publishWorkflow(page, { name: 'Send proposals', triggers: [{ type: 'manual' }], steps: [moveTo(1, 'To Proposal', 'Proposal')] });
  await publishWorkflow(page, { name: 'Assign closers', triggers: [{ type: 'manual' }], steps: [moveTo(1, 'To Negotiation', 'Negotiation')] });
  await publishWorkflow(page, { name: 'Web leads', triggers: [{ type: 'manual' }], steps: [moveTo(1, 'Back to Proposal', 'Proposal')] });

  // A deal in Negotiation, so removing it also asks where the deal goes.
  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Globex', value: '10', stage: 'Negotiation' });

  await visit(page, '/settings/pipelines');
  await page.getByRole('button', { name: 'Remove Proposal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Proposal?' });
  await expect(dialog).toBeVisible();
  const warning = dialog.getByRole('alert');
  await expect(warning).toContainText('Used by 2 published workflows: Send proposals, Web leads.');
  await expect(warning).toContainText(CONSEQUENCE);
  await dialog.screenshot({ path: 'test-results/workflow-usage-remove-stage.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await stageNames(page)).toContain('Proposal');

  // A stage no published workflow names, with no deals, goes at once.
  await page.getByRole('button', { name: 'Remove Qualification' }).click();
  await expect(page.getByText('Qualification removed.')).toBeVisible();

  await page.getByRole('button', { name: 'Remove Negotiation' }).click();
  const negotiation = page.getByRole('dialog', { name: 'Remove Negotiation?' });
  await expect(negotiation.getByRole('alert')).toContainText('Used by 1 published workflow: Assign closers.');
  await negotiation.getByRole('button', { name: 'Remove stage' }).click();
  await expect(negotiation.getByText('Negotiation holds 1 deal. Choose the stage they move to.')).toBeVisible();
  await expect(negotiation.getByRole('alert')).toContainText('Used by 1 published workflow: Assign closers.');
  await negotiation.screenshot({ path: 'test-results/workflow-usage-stage-with-deals.png' });
  await negotiation.getByLabel('Move its deals to').selectOption({ label: 'Prospecting' });
  await negotiation.getByRole('button', { name: 'Move deals and remove' }).click();
  await expect(page.getByText('Negotiation removed; its deals moved.')).toBeVisible();
  await expect(negotiation).toBeHidden();

  await page.getByRole('button', { name: 'Remove Proposal' }).click();
  await dialog.getByRole('button', { name: 'Remove stage' }).click();
  await expect(page.getByText('Proposal removed.')).toBeVisible();
  expect(await stageNames(page)).toEqual(['Prospecting', 'Closed Won', 'Closed Lost']);
});

test('deactivating a user or deleting a custom field a published workflow names warns first', async ({ page }) => {
  await createWorkspace(page);
  const fox = { name: 'Fox Mulder', email: 'fox@acme.test', role: 'user' as const, temporary: 'temporary pass 1', own: 'my own password' };
  const walter = { ...fox, name: 'Walter Skinner', email: 'walter@acme.test' };
  await addTeammate(page, fox);
  await addTeammate(page, walter);
  const users = await (await page.request.post('/api/users/list')).json();
  const foxId = users.find((m: { user: { name: string } }) => m.user.name === fox.name).user.id;
  await defineCustomField(page, 'Budget', 'Money');
  await defineCustomField(page, 'Renewal date', 'Date');
  await publishWorkflow(page, {
    name: 'Assign closers',
    triggers: [{ type: 'opportunity_created' }],
    steps: [
      { key: 1, name: 'Give it to Fox', type: 'add_owner', user: foxId },
      { key: 2, name: 'Budget', type: 'add_note', body: 'Budget: {{opportunity.budget}}' },
    ],
  });

  await visit(page, '/users');
  await page.getByRole('button', { name: 'Deactivate Walter Skinner' }).click();
  await expect(page.getByText('Walter Skinner is deactivated and was signed out everywhere.')).toBeVisible();
  await page.getByRole('button', { name: 'Deactivate Fox Mulder' }).click();
  const deactivate = page.getByRole('dialog', { name: 'Deactivate Fox Mulder?' });
  await expect(deactivate.getByRole('alert')).toContainText('Used by 1 published workflow: Assign closers.');
  await expect(deactivate.getByRole('alert')).toContainText(CONSEQUENCE);
  await deactivate.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByText('Fox Mulder is deactivated and was signed out everywhere.')).toBeVisible();
  await expect(deactivate).toBeHidden();

  await visit(page, '/settings/fields');
  await page.getByRole('button', { name: 'Delete field Renewal date' }).click();
  await expect(page.getByText('Renewal date deleted.')).toBeVisible();
  await page.getByRole('button', { name: 'Delete field Budget' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete the field Budget?' });
  await expect(remove.getByRole('alert')).toContainText('Used by 1 published workflow: Assign closers.');
  await remove.screenshot({ path: 'test-results/workflow-usage-delete-field.png' });
  await remove.getByRole('button', { name: 'Delete field' }).click();
  await expect(page.getByText('Budget deleted.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Opportunity fields' })).not.toContainText('Budget');
});
