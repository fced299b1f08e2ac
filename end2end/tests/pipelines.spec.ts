import { test, expect, createWorkspace, hydrated, visit } from '../fixtures';
import type { Page } from '@playwright/test';

function stageNames(page: Page) {
  return page.getByRole('list', { name: /^Stages of/ }).getByRole('listitem').evaluateAll((items) =>
    items.map((li) => li.getAttribute('aria-label')),
  );
}

test('a manager sets up a pipeline, adds, reorders, edits and removes stages', async ({ page }) => {
  await createWorkspace(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
  await expect(page.getByRole('heading', { name: 'No pipelines yet' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Set up a pipeline' }).click();
  await expect(page.getByRole('heading', { name: 'Sales Pipeline', level: 2 })).toBeVisible();
  expect(await stageNames(page)).toEqual(['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']);
  await expect(page.getByRole('listitem', { name: 'Closed Won' })).toContainText('100%');
  await expect(page.getByRole('button', { name: 'Remove Closed Won' })).toHaveCount(0);

  // Add a stage; 0 and 100 are refused with a sentence.
  await page.getByLabel('New stage name').fill('Demo');
  await page.getByLabel('Close probability (%)').fill('0');
  await page.getByRole('button', { name: 'Add Stage' }).click();
  await expect(page.getByText('0% is only for Closed Won (100%) and Closed Lost (0%). Use 1 to 99 for this stage.')).toBeVisible();
  await page.getByLabel('Close probability (%)').fill('100');
  await page.getByRole('button', { name: 'Add Stage' }).click();
  await expect(page.getByText('100% is only for Closed Won (100%) and Closed Lost (0%). Use 1 to 99 for this stage.')).toBeVisible();
  await page.getByLabel('Close probability (%)').fill('40');
  await page.getByRole('button', { name: 'Add Stage' }).click();
  await expect(page.getByText('Demo added.')).toBeVisible();
  expect(await stageNames(page)).toEqual(['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Demo', 'Closed Won', 'Closed Lost']);

  // Editing an existing stage's probability: out of range is refused, 30 is kept.
  const demo = page.getByRole('listitem', { name: 'Demo' });
  await demo.getByLabel('Close probability').fill('250');
  await demo.getByLabel('Close probability').press('Tab');
  await expect(demo.getByText('250% is not a close probability. Use a whole number from 1 to 99.')).toBeVisible();
  await demo.getByLabel('Close probability').fill('30');
  await demo.getByLabel('Close probability').press('Tab');
  await expect(demo.getByText(/not a close probability/)).toHaveCount(0);

  // Reorder with the keyboard: the handle keeps focus and the move is announced.
  // The second press comes before the first order is saved, but after focus is back on
  // the moved handle (a person's two presses are never a millisecond apart).
  const demoHandle = page.getByRole('button', { name: 'Reorder Demo' });
  await demoHandle.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => stageNames(page)).toEqual(['Prospecting', 'Qualification', 'Proposal', 'Demo', 'Negotiation', 'Closed Won', 'Closed Lost']);
  await expect(demoHandle).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByText('Demo moved to position 3 of 5. Saved.')).toBeAttached();
  await expect(page.getByRole('button', { name: 'Reorder Demo' })).toBeFocused();
  expect(await stageNames(page)).toEqual(['Prospecting', 'Qualification', 'Demo', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']);

  // Reorder by dragging the handle onto the first row.
  await page.getByRole('listitem', { name: 'Prospecting' }).scrollIntoViewIfNeeded();
  const handle = await page.getByRole('button', { name: 'Reorder Negotiation' }).boundingBox();
  const first = await page.getByRole('listitem', { name: 'Prospecting' }).boundingBox();
  await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
  await page.mouse.down();
  await page.mouse.move(first!.x + 60, first!.y + first!.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => stageNames(page)).toEqual(['Negotiation', 'Prospecting', 'Qualification', 'Demo', 'Proposal', 'Closed Won', 'Closed Lost']);
  await expect(page.getByText('Negotiation moved to position 1 of 5. Saved.')).toBeAttached();

  // The order is saved: it is still there after a reload, probability too.
  await visit(page, '/settings/pipelines');
  expect(await stageNames(page)).toEqual(['Negotiation', 'Prospecting', 'Qualification', 'Demo', 'Proposal', 'Closed Won', 'Closed Lost']);
  await expect(page.getByRole('listitem', { name: 'Demo' }).getByLabel('Close probability')).toHaveValue('30');

  // An empty stage goes at once with its X.
  await page.getByRole('button', { name: 'Remove Demo' }).click();
  await expect(page.getByText('Demo removed.')).toBeVisible();
  expect(await stageNames(page)).not.toContain('Demo');
});

test('pipelines are created, renamed and deleted', async ({ page }) => {
  await createWorkspace(page);
  await visit(page, '/settings/pipelines');
  await page.getByLabel('New pipeline name').fill('Renewals');
  await page.getByRole('button', { name: 'Create Pipeline' }).click();
  await expect(page.getByRole('heading', { name: 'Renewals', level: 2 })).toBeVisible();
  await expect(page.getByLabel('New pipeline name')).toHaveValue('');
  await page.getByLabel('New pipeline name').fill(' RENEWALS ');
  await page.getByRole('button', { name: 'Create Pipeline' }).click();
  await expect(page.getByText("There is already a pipeline named 'Renewals'. Choose another name.")).toBeVisible();
  await expect(page.getByLabel('New pipeline name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'Renewals', level: 2 })).toHaveCount(1);

  const renewals = page.getByRole('region', { name: 'Renewals' });
  await renewals.getByLabel('Pipeline name').fill('Renewals 2027');
  await renewals.getByLabel('Pipeline name').press('Enter');
  await expect(page.getByText('Pipeline renamed to Renewals 2027.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Renewals 2027', level: 2 })).toBeVisible();

  await page.getByRole('button', { name: 'Delete Renewals 2027' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Renewals 2027?' });
  await expect(dialog).toContainText('It holds no deals.');
  await dialog.getByRole('button', { name: 'Delete pipeline' }).click();
  await expect(page.getByText('Renewals 2027 deleted.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No pipelines yet' })).toBeVisible();
});
