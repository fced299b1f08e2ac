// The builder, as an admin uses it: spec 000's third example ("Move the opportunity to a
// specific stage when a meeting is booked") built from scratch, refused while its step
// has no stage (the reason links to the step), fixed, published; then a rep books a
// meeting on a deal in a second tab and the deal moves on the board. Also: a step with
// unsaved changes is marked and leaving it asks first; steps are moved, duplicated and
// deleted from their menu.
import { test, expect, createWorkspace, hydrated, visit, column, createDeal, pipelineWithStage, bookMeeting } from '../fixtures';
import type { Page } from '@playwright/test';

async function createFromScratch(page: Page, name: string) {
  await visit(page, '/automations');
  await page.getByRole('button', { name: 'Create automation' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create automation' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Start from Scratch' }).click();
  await expect(page).toHaveURL(/\/automations\/\d+$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await hydrated(page);
}

async function addAction(page: Page, place: string, search: string, action: string) {
  await page.getByRole('button', { name: place }).click();
  const picker = page.getByRole('dialog', { name: 'Add an action' });
  await picker.getByLabel('Search actions').fill(search);
  await picker.getByRole('button', { name: new RegExp(`^${action.replace(/[/()]/g, '\\$&')} `) }).click();
  await expect(page.getByRole('heading', { name: action, level: 2 })).toBeVisible();
}

test('spec 000’s third example built from scratch moves a deal when a meeting is booked', async ({ page, context }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');
  await createFromScratch(page, 'Move booked deals');

  const publish = page.getByRole('switch', { name: 'Publish' });
  await expect(publish).toBeDisabled();
  const reasons = page.getByRole('region', { name: 'Before you can publish' });
  await expect(reasons).toContainText('Add a trigger');

  // The trigger: Meeting Created or Modified, status Scheduled.
  await page.getByRole('button', { name: 'Add trigger' }).first().click();
  await page.getByLabel('Starts when').selectOption('Meeting Created or Modified');
  await page.getByLabel('Meeting status').selectOption('scheduled');
  await page.getByRole('button', { name: 'Save Trigger' }).click();
  await expect(page.getByText('Saved the Meeting Created or Modified trigger.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Trigger 1 of 1: Meeting Created or Modified, When a meeting is booked or changed with status Scheduled/ })).toBeVisible();

  // The action, saved first without its stage.
  await addAction(page, 'Add a step at the end of The steps', 'update', 'Update Opportunity');
  await page.getByLabel('Action Name').fill('Move to Appointment set');
  await page.getByRole('button', { name: 'Save Action' }).click();
  await expect(page.getByText('Saved Move to Appointment set.')).toBeVisible();
  await expect(publish).toBeDisabled();
  const reason = reasons.getByRole('button', { name: /^Step 1: Update Opportunity \(step “Move to Appointment set”\): Choose what it changes/ });
  await expect(reason).toBeVisible();
  await page.getByRole('heading', { name: 'Move booked deals', level: 1 }).click();
  await reason.click();
  const node = page.getByRole('button', { name: /^Step 1 of 1: Update Opportunity, No field added yet\. 1 problem/ });
  await expect(node).toBeFocused();

  // Fixed: the stage of the chosen pipeline.
  await page.getByLabel('Pipeline', { exact: true }).selectOption({ label: 'Sales Pipeline' });
  await page.getByLabel('Stage', { exact: true }).selectOption({ label: 'Appointment set' });
  await expect(page.getByRole('button', { name: /Unsaved changes/ })).toBeVisible();
  await page.getByRole('button', { name: 'Save Action' }).click();
  await expect(reasons).toBeHidden();
  await expect(page.getByRole('button', { name: 'Step 1 of 1: Update Opportunity, Move to Appointment set' })).toBeVisible();
  await expect(publish).toBeEnabled();
  await publish.click();
  await expect(page.getByText('Published as version 1.')).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Publish' })).toHaveAttribute('aria-checked', 'true');

  // A rep books a meeting in a second tab; the board in the first moves the deal.
  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Botox consult', value: '300' });
  await expect(column(page, 'Prospecting').getByRole('article', { name: 'Botox consult' })).toBeVisible();
  const profile = await context.newPage();
  await bookMeeting(profile, 'Botox consult', 'Consultation');
  await expect(column(page, 'Appointment set').getByRole('article', { name: 'Botox consult' })).toBeVisible({ timeout: 15_000 });
});

test('steps are added in lanes, moved, duplicated and deleted; unsaved changes ask first', async ({ page }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');
  await createFromScratch(page, 'Tidy deals');
  await page.getByRole('button', { name: 'Add trigger' }).first().click();
  await page.getByRole('button', { name: 'Save Trigger' }).click();
  await expect(page.getByText('Saved the Opportunity Created trigger.')).toBeVisible();

  await addAction(page, 'Add a step at the end of The steps', 'find', 'Find Opportunity');
  await page.getByRole('button', { name: 'Save Action' }).click();
  await expect(page.getByText('Saved Find Opportunity.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Opportunity Found lane of Find Opportunity' })).toBeVisible();
  await addAction(page, 'Add a step at the end of Opportunity Not Found lane of Find Opportunity', 'tag', 'Add Contact Tag');
  await page.getByLabel('Tag', { exact: true }).fill('no deal');
  await page.getByRole('button', { name: 'Save Action' }).click();
  await expect(page.getByText('Saved Add Contact Tag.')).toBeVisible();
  await addAction(page, 'Add a step at the end of The steps', 'note', 'Add Note');
  await page.getByLabel('Note', { exact: true }).fill('Checked by {{pipeline.name}}');
  await page.getByRole('button', { name: 'Save Action' }).click();
  await expect(page.getByText('Saved Add Note.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Step 3 of 3: Add Note/ })).toBeVisible();

  // An unknown merge field is refused under the field, in the engine's words.
  await page.getByLabel('Note', { exact: true }).fill('Hi {{contact.shoe_size}}');
  await page.getByRole('button', { name: 'Save Action' }).click();
  await expect(page.locator('#field-body-error')).toContainText('shoe_size');

  // Leaving a step with unsaved changes asks first.
  page.once('dialog', (d) => d.dismiss());
  await page.getByRole('button', { name: /^Step 1 of 3: Find Opportunity/ }).click();
  await expect(page.getByRole('heading', { name: 'Add Note', level: 2 })).toBeVisible();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: /^Step 1 of 3: Find Opportunity/ }).click();
  await expect(page.getByRole('heading', { name: 'Find Opportunity', level: 2 })).toBeVisible();

  // Move up, duplicate, delete from the step's menu.
  await page.getByRole('button', { name: 'Actions for Add Note' }).click();
  await page.getByRole('menuitem', { name: 'Move up' }).click();
  await expect(page.getByRole('button', { name: /^Step 1 of 3: Add Note/ })).toBeVisible();
  await page.getByRole('button', { name: 'Actions for Add Note' }).click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.getByRole('button', { name: /^Step 2 of 4: Add Note/ })).toBeVisible();
  await page.getByRole('button', { name: 'Actions for Find Opportunity' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const ask = page.getByRole('dialog', { name: 'Delete Find Opportunity?' });
  await ask.getByRole('button', { name: 'Keep the Opportunity Not Found steps' }).click();
  await expect(page.getByText('Deleted Find Opportunity.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Step 3 of 3: Add Contact Tag, no deal/ })).toBeVisible();
  await expect(page.getByRole('list', { name: /Opportunity Found lane/ })).toHaveCount(0);
});

test('the template found by its exact name is published; the two needing messaging are marked as coming', async ({ page }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');
  await visit(page, '/automations');
  await page.getByRole('button', { name: 'Create automation' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create automation' });
  const gallery = dialog.getByRole('region', { name: 'Or start from a template' });
  for (const coming of ['Start a campaign when opportunity move to a specific stage', 'Create an opportunity and follow up when a lead is captured by Webchat']) {
    await gallery.getByLabel('Search templates').fill(coming);
    const item = gallery.getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(coming);
    await expect(item).toContainText('Needs messaging and webchat (coming)');
    await expect(item.getByRole('button')).toHaveCount(0);
  }
  const name = 'Move the opportunity to a specific stage when a meeting is booked';
  await gallery.getByLabel('Search templates').fill(name);
  await expect(gallery.getByRole('listitem')).toHaveCount(1);
  await gallery.getByRole('button', { name: `Use template: ${name}` }).click();
  await gallery.getByLabel('Stage', { exact: true }).selectOption({ label: 'Appointment set' });
  await gallery.getByRole('button', { name: 'Create from template' }).click();
  await expect(page).toHaveURL(/\/automations\/\d+$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Step 1 of 1: Update Opportunity, Move to Appointment set' })).toBeVisible();
  const publish = page.getByRole('switch', { name: 'Publish' });
  await expect(publish).toBeEnabled();
  await publish.click();
  await expect(page.getByText('Published as version 1.')).toBeVisible();
});

test('a step dragged onto a + moves there, with its lanes', async ({ page }) => {
  await createWorkspace(page);
  const reply = await page.request.post('/api/workflows/import', {
    form: {
      json: JSON.stringify({
        name: 'Reorder me',
        triggers: [{ type: 'opportunity_created' }],
        steps: [
          { key: 1, name: 'First', type: 'add_note', body: 'one' },
          { key: 2, name: 'Find it', type: 'find_opportunity', pick: 'latest', filters: [], found: [{ key: 3, name: 'Inside', type: 'add_note', body: 'in' }], not_found: [] },
          { key: 4, name: 'Last', type: 'add_note', body: 'four' },
        ],
      }),
    },
  });
  const id = await reply.json();
  // Source and target on screen together: a drag cannot scroll the canvas.
  await page.setViewportSize({ width: 1440, height: 1300 });
  await visit(page, `/automations/${id}`);
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await page.getByRole('button', { name: /^Step 4 of 4: Add Note/ }).dragTo(page.getByRole('button', { name: 'Add a step before First' }));
  await expect(page.getByRole('button', { name: /^Step 1 of 4: Add Note/ })).toBeFocused();
  await expect(page.getByRole('list', { name: 'The steps' }).getByRole('button', { name: /^Step 1 of 4/ })).toContainText('Last');
  // The Find step carries its lane along.
  await page.getByRole('button', { name: /^Step 3 of 4: Find Opportunity/ }).dragTo(page.getByRole('button', { name: 'Add a step before Last' }));
  await expect(page.getByRole('button', { name: /^Step 1 of 4: Find Opportunity/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Step 2 of 4: Add Note/ })).toContainText('Inside');
});
