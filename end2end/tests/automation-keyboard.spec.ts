// The builder driven by the keyboard alone, for one workflow: Create automation, a
// trigger, two actions added with the `+` and the picker, filled in and saved, one moved
// with `Move to…`, the Test run on a deal, and Publish; every control reached with Tab,
// with a visible focus ring.
import { test, expect, createWorkspace, hydrated, visit, pipelineWithStage, createDeal } from '../fixtures';
import type { Locator, Page } from '@playwright/test';

/** Presses Tab until `target` has the focus (as a person would), then checks the ring. */
async function tabTo(page: Page, target: Locator, most = 80) {
  for (let i = 0; i < most; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      const ring = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return `${style.outlineStyle} ${style.outlineWidth} ${style.boxShadow}`;
      });
      expect(ring, 'a visible focus ring').not.toBe('none 0px none');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('an admin builds, tests and publishes a workflow with the keyboard alone', async ({ page }) => {
  await createWorkspace(page);
  await pipelineWithStage(page, 'Appointment set', '30');
  await visit(page, '/opportunities');
  await createDeal(page, { name: 'Botox consult', value: '300' });

  await visit(page, '/automations');
  await tabTo(page, page.getByRole('button', { name: 'Create automation' }).first());
  await page.keyboard.press('Enter');
  const create = page.getByRole('dialog', { name: 'Create automation' });
  await tabTo(page, create.getByLabel('Name'));
  await page.keyboard.type('Book the consult');
  await tabTo(page, create.getByRole('button', { name: 'Start from Scratch' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Book the consult', level: 1 })).toBeVisible();
  await hydrated(page);

  // The trigger: Opportunity Created, as offered.
  await tabTo(page, page.getByRole('button', { name: 'Add trigger' }).first());
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Save Trigger' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved the Opportunity Created trigger.')).toBeVisible();

  // An Add Note step, from the + at the end and the picker's search.
  await tabTo(page, page.getByRole('button', { name: 'Add a step at the end of The steps' }));
  await page.keyboard.press('Enter');
  const picker = page.getByRole('dialog', { name: 'Add an action' });
  await tabTo(page, picker.getByLabel('Search actions'));
  await page.keyboard.type('note');
  await tabTo(page, picker.getByRole('button', { name: /^Add Note / }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Note', { exact: true }));
  await page.keyboard.type('Booked {{opportunity.name}}');
  await tabTo(page, page.getByRole('button', { name: 'Save Action' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved Add Note.')).toBeVisible();

  // Update Opportunity at the end, with its pipeline and stage picked by keyboard.
  await tabTo(page, page.getByRole('button', { name: 'Add a step at the end of The steps' }));
  await page.keyboard.press('Enter');
  await tabTo(page, picker.getByLabel('Search actions'));
  await page.keyboard.type('update');
  await tabTo(page, picker.getByRole('button', { name: /^Update Opportunity / }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Pipeline', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Pipeline', { exact: true })).toHaveValue(/\d+/);
  await tabTo(page, page.getByLabel('Stage', { exact: true }));
  await page.keyboard.type('Appointment');
  await expect(page.getByLabel('Stage', { exact: true }).locator('option:checked')).toHaveText('Appointment set');
  await tabTo(page, page.getByRole('button', { name: 'Save Action' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved Update Opportunity.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Step 2 of 2: Update Opportunity, Move to Appointment set/ })).toBeVisible();

  // Move the update first with Move to….
  await tabTo(page, page.getByRole('button', { name: 'Actions for Update Opportunity' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('menuitem', { name: 'Move to…' }));
  await page.keyboard.press('Enter');
  const move = page.getByRole('dialog', { name: 'Move Update Opportunity to…' });
  await tabTo(page, move.getByRole('button', { name: 'At the start of the main flow' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Step 1 of 2: Update Opportunity/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Step 1 of 2: Update Opportunity/ })).toBeFocused();

  // Test it on the deal, then publish.
  await tabTo(page, page.getByRole('button', { name: 'Test', exact: true }));
  await page.keyboard.press('Enter');
  const testing = page.getByRole('dialog', { name: 'Test on a real record' });
  await tabTo(page, testing.getByLabel('Deal or contact'));
  await page.keyboard.type('botox');
  await tabTo(page, testing.getByRole('button', { name: /^Botox consult/ }));
  await page.keyboard.press('Enter');
  await tabTo(page, testing.getByRole('button', { name: 'Run test' }));
  await page.keyboard.press('Enter');
  await expect(testing.getByRole('region', { name: 'Test result' })).toContainText('Moved from Prospecting to Appointment set');
  await page.keyboard.press('Escape');
  await expect(testing).toBeHidden();

  await tabTo(page, page.getByRole('switch', { name: 'Publish' }));
  await page.keyboard.press('Space');
  await expect(page.getByText('Published as version 1.')).toBeVisible();
});
