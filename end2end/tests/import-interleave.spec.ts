// People keep working while an import runs: another person moving deals and signing in
// throughout neither fails nor stops the import (SQLite writers take turns).
import { test, expect, visit, hydrated, boardWithPipeline, createDeal, card, column, signIn, ADMIN } from '../fixtures';

// Enough rows for the import to take several seconds on a 2-core machine.
const ROWS = 60_000;

function bigFile(rows: number): Buffer {
  const lines = ['Name,Value,Stage'];
  for (let i = 1; i <= rows; i++) lines.push(`Imported ${i},${i},Prospecting`);
  return Buffer.from(lines.join('\n') + '\n');
}

test('an import finishes Done while another person moves a deal and signs in throughout', async ({ page, browser, baseURL }) => {
  test.slow();
  await boardWithPipeline(page);
  // Away from Prospecting, where the imported deals go, so that its card stays in view.
  await createDeal(page, { name: 'Busy deal', value: '100', stage: 'Negotiation' });

  await page.getByRole('link', { name: 'Import' }).click();
  await hydrated(page);
  await page.getByLabel('Choose a CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: bigFile(ROWS) });
  await expect(page.getByRole('heading', { name: 'Map columns to fields' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Review import' }).click();
  await expect(page.locator('.count-tile', { hasText: 'will be created' })).toContainText(ROWS.toLocaleString("en-US"));

  // The other person: their own browser, signing in again and moving the deal back and forth.
  const other = await browser.newContext({ baseURL });
  const them = await other.newPage();
  const refused: string[] = [];
  them.on('response', (response) => {
    if (response.url().includes('/api/') && response.status() >= 500) refused.push(`${response.status()} ${response.url()}`);
  });
  await signIn(them, ADMIN.email, ADMIN.password);
  await expect(them.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();

  await page.getByRole('button', { name: /Start import/ }).click();
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();

  const finished = page.getByRole('heading', { name: 'Import finished' });
  const stages = ['Proposal', 'Negotiation'];
  let moves = 0;
  let signIns = 0;
  while (!(await finished.isVisible())) {
    await visit(them, '/opportunities');
    const to = stages[moves % 2];
    // The import's stream of new deals makes open boards reload now and then, which
    // closes an open menu: open it again until the choice is made.
    const answered = them.waitForResponse((r) => r.url().endsWith('/api/opportunities/move'));
    await expect(async () => {
      // A click that moved the deal and then lost its menu to a reload counts: the menu
      // offers no move to where the deal already is.
      if (await column(them, to).getByRole('article', { name: 'Busy deal' }).isVisible()) return;
      await card(them, 'Busy deal').getByRole('button', { name: 'Move to stage: Busy deal' }).click();
      await them.getByRole('menu', { name: 'Move to stage' }).getByRole('menuitem', { name: to }).click({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    // The server's answer, not the board's announcement: a reload can clear the latter.
    expect((await answered).status(), `moving the deal to ${to}`).toBe(200);
    await expect(column(them, to).getByRole('article', { name: 'Busy deal' })).toBeVisible();
    moves++;
    // Leave the board first: its totals refresh, due 250 ms after the move, would
    // otherwise ask without a session once the cookie is gone.
    await them.goto('about:blank');
    await them.context().clearCookies();
    await signIn(them, ADMIN.email, ADMIN.password);
    await expect(them.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();
    signIns++;
  }
  test.info().annotations.push({ type: 'interleaved', description: `${moves} moves and ${signIns} sign-ins during the import` });
  expect(moves, 'the other person moved the deal while the import ran').toBeGreaterThan(0);
  expect(signIns).toBeGreaterThan(0);
  expect(refused).toEqual([]);
  await expect(page.locator('.count-tile', { hasText: 'created' }).locator('.count-tile-number')).toHaveText(ROWS.toLocaleString("en-US"));

  // Every move stuck: the deal is where the last one put it.
  await visit(them, '/opportunities');
  await expect(column(them, stages[(moves - 1) % 2]).getByRole('article', { name: 'Busy deal' })).toBeVisible();
  await other.close();
});
