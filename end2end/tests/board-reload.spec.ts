// A reload right after a drop: the page asks first while the move is being saved, and the
// move is never silently lost, whether the person stays or leaves. Other writes (a field
// edited on the profile) ask first too.
import { test, expect, visit, column, dragCard, boardWithPipeline, createDeal, saved, card, hydrated } from '../fixtures';
import type { Page, Route } from '@playwright/test';

/** Holds the first move request back (as a slow network would); later ones go through. */
async function holdFirstMove(page: Page) {
  return holdFirst(page, '**/api/opportunities/move*');
}

/** Holds the first request to `url` back; later ones go through. */
async function holdFirst(page: Page, url: string) {
  const held: Route[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    if (held.length > 0) return route.continue();
    held.push(route);
    await released;
    // The page may have gone meanwhile, taking its request with it.
    await route.continue().catch(() => {});
  });
  return { held, release };
}

/** Starts a reload the way a person would (F5), without waiting for it. */
async function startReload(page: Page) {
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
}

const inQualification = (page: Page) => column(page, 'Qualification').getByRole('article', { name: 'Hooli expansion' });

test('staying when asked lets the move finish', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Hooli expansion', value: '1,000' });
  const move = await holdFirstMove(page);
  await dragCard(page, 'Hooli expansion', 'Qualification');
  await expect.poll(() => move.held.length).toBe(1);
  await page.waitForTimeout(150);

  const asked = page.waitForEvent('dialog');
  await startReload(page);
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  move.release();
  await expect(saved(page, 'Hooli expansion is now in Qualification.')).toBeAttached();

  // Nothing is in flight now: leaving does not ask.
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await visit(page, '/opportunities');
  await expect(inQualification(page)).toBeVisible();
  expect(dialogs).toEqual([]);
});

test('leaving when asked does not lose the move: the next page finishes it and says so', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Hooli expansion', value: '1,000' });
  const move = await holdFirstMove(page);
  await dragCard(page, 'Hooli expansion', 'Qualification');
  await expect.poll(() => move.held.length).toBe(1);
  await page.waitForTimeout(150);

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);
  // The reload cut the held request off before it reached the server.
  await move.held[0].abort().catch(() => {});
  move.release();

  await expect(page.getByText('The page reloaded before Hooli expansion was saved in Qualification; saving it now.')).toBeVisible();
  await expect(inQualification(page)).toBeVisible();
  await expect(saved(page, 'Hooli expansion is now in Qualification.')).toBeAttached();
  await visit(page, '/opportunities');
  await expect(inQualification(page)).toBeVisible();
  await expect(page.getByText(/was changed by|was not saved/)).toHaveCount(0);
});

test('a field edit on the profile asks before the page is left while it is being saved', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Hooli expansion', value: '1,000' });
  await card(page, 'Hooli expansion').getByRole('link', { name: 'Hooli expansion' }).click();
  await expect(page.getByRole('heading', { name: 'Hooli expansion', level: 1 })).toBeVisible();
  await hydrated(page);
  const edit = await holdFirst(page, '**/api/opportunities/edit*');
  await page.getByRole('button', { name: 'Edit Source: Not set' }).click();
  await page.getByLabel('Source', { exact: true }).fill('Referral');
  await page.getByLabel('Source', { exact: true }).press('Enter');
  await expect.poll(() => edit.held.length).toBe(1);

  const asked = page.waitForEvent('dialog');
  await startReload(page);
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  edit.release();
  await expect(page.getByRole('button', { name: 'Edit Source: Referral' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Edit Source: Referral' })).toBeVisible();
});
