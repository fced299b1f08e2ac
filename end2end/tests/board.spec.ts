import {
  test, expect, visit, hydrated, column, card, dragCard, boardWithPipeline, createDeal, saved, ADMIN,
} from '../fixtures';

test('create a deal, drag it between stages, close it as lost with a reason', async ({ page }) => {
  await boardWithPipeline(page);
  await expect(column(page, 'Prospecting')).toContainText('No deals in this stage yet');
  await expect(column(page, 'Prospecting')).toContainText('0 deals');

  await createDeal(page, { name: 'Globex pilot', value: '12,500', contact: 'Ann Lee', email: 'ann@globex.test' });
  const prospecting = column(page, 'Prospecting');
  await expect(prospecting.getByRole('article', { name: 'Globex pilot' })).toContainText('EUR 12,500.00');
  await expect(prospecting.getByRole('article', { name: 'Globex pilot' })).toContainText('Ann Lee');
  await expect(prospecting.getByRole('article', { name: 'Globex pilot' })).toContainText('DS');
  await expect(prospecting).toContainText('1 deal');
  await expect(prospecting).toContainText('Weighted EUR 1,250.00');

  await dragCard(page, 'Globex pilot', 'Qualification');
  await expect(column(page, 'Qualification').getByRole('article', { name: 'Globex pilot' })).toBeVisible();
  await expect(column(page, 'Qualification')).toContainText('Weighted EUR 3,125.00');
  await expect(column(page, 'Prospecting')).toContainText('0 deals');
  await expect(saved(page, 'Globex pilot is now in Qualification.')).toBeAttached();

  await visit(page, '/opportunities');
  await expect(column(page, 'Qualification').getByRole('article', { name: 'Globex pilot' })).toBeVisible();

  // Closed Lost asks why; Cancel leaves the card where it was.
  await dragCard(page, 'Globex pilot', 'Closed Lost');
  const why = page.getByRole('dialog', { name: 'Why was Globex pilot lost?' });
  await expect(why).toBeVisible();
  await why.getByRole('button', { name: 'Cancel' }).click();
  await expect(why).toBeHidden();
  await expect(column(page, 'Qualification').getByRole('article', { name: 'Globex pilot' })).toBeVisible();

  await dragCard(page, 'Globex pilot', 'Closed Lost');
  await why.getByLabel('Lost reason').fill('Went with a competitor');
  await why.getByRole('button', { name: 'Mark as lost' }).click();
  const lost = column(page, 'Closed Lost').getByRole('article', { name: 'Globex pilot' });
  await expect(lost).toContainText('Lost');
  await expect(saved(page, 'Globex pilot is now in Closed Lost.')).toBeAttached();
  await visit(page, '/opportunities');
  await expect(column(page, 'Closed Lost').getByRole('article', { name: 'Globex pilot' })).toContainText('Lost');
});

test('a deal moves with the keyboard alone, and from its menu', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Initech upgrade', value: '800' });
  await card(page, 'Initech upgrade').focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('status').filter({ hasText: 'Picked up Initech upgrade, in Prospecting.' })).toBeAttached();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('status').filter({ hasText: 'Over Qualification, stage 2 of 6.' })).toBeAttached();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('status').filter({ hasText: 'Move cancelled.' })).toBeAttached();
  await expect(column(page, 'Prospecting').getByRole('article', { name: 'Initech upgrade' })).toBeVisible();

  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(column(page, 'Proposal').getByRole('article', { name: 'Initech upgrade' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Initech upgrade is now in Proposal.' })).toBeAttached();
  await expect(card(page, 'Initech upgrade')).toBeFocused();

  await card(page, 'Initech upgrade').getByRole('button', { name: 'Move to stage: Initech upgrade' }).click();
  await page.getByRole('menu', { name: 'Move to stage' }).getByRole('menuitem', { name: 'Closed Won' }).click();
  await expect(column(page, 'Closed Won').getByRole('article', { name: 'Initech upgrade' })).toContainText('Won');
  await expect(saved(page, 'Initech upgrade is now in Closed Won.')).toBeAttached();
  await visit(page, '/opportunities');
  await expect(column(page, 'Closed Won').getByRole('article', { name: 'Initech upgrade' })).toBeVisible();
});

test('search and filters narrow the board and stay in the URL', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Hooli cloud', value: '90,000' });
  await createDeal(page, { name: 'Pied Piper seed', value: '5,000', stage: 'Proposal' });

  await page.getByLabel('Search deals').fill('hooli');
  await page.getByLabel('Search deals').press('Enter');
  await expect(page).toHaveURL(/q=hooli/);
  await expect(card(page, 'Hooli cloud')).toBeVisible();
  await expect(card(page, 'Pied Piper seed')).toHaveCount(0);
  await expect(column(page, 'Proposal')).toContainText('0 deals');

  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Search deals')).toHaveValue('hooli');
  await expect(card(page, 'Pied Piper seed')).toHaveCount(0);

  await page.getByLabel('Search deals').fill('');
  await page.getByText('Filters', { exact: true }).click();
  await page.getByLabel('Value from').fill('10000');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/min=10000/);
  await expect(card(page, 'Hooli cloud')).toBeVisible();
  await expect(card(page, 'Pied Piper seed')).toHaveCount(0);

  await visit(page, '/opportunities?min=lots');
  await expect(page.getByText("This filter could not be applied: 'lots' is not an amount.")).toBeVisible();

  await visit(page, `/opportunities?owner=none`);
  await expect(card(page, 'Hooli cloud')).toHaveCount(0);
  await expect(page.getByText('Filters (1)')).toBeVisible();
});

test('a contact gets one deal per pipeline, said plainly', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Globex pilot', contact: 'Ann Lee', email: 'ann@globex.test' });
  await page.getByRole('button', { name: 'Create Opportunity' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Opportunity' });
  await dialog.getByLabel('Opportunity name').fill('Globex expansion');
  await dialog.getByLabel('Find a contact').fill('ann');
  await dialog.getByRole('option', { name: /Ann Lee/ }).click();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByText(/Ann Lee already has an opportunity in Sales Pipeline: “Globex pilot”/)).toBeVisible();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(card(page, 'Globex expansion')).toHaveCount(0);
});

test('a second browser sees moves live, and a stale move is refused', async ({ page, browser, baseURL }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Umbrella renewal', value: '3,000' });

  // A second browser, signed in as the same person, watching the same board.
  const second = await browser.newContext({ baseURL });
  const other = await second.newPage();
  await other.goto('/login');
  await hydrated(other);
  await other.getByLabel('Email').fill(ADMIN.email);
  await other.getByLabel('Password').fill(ADMIN.password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();
  await visit(other, '/opportunities');
  await expect(card(other, 'Umbrella renewal')).toBeVisible();

  await dragCard(page, 'Umbrella renewal', 'Negotiation');
  await expect(column(other, 'Negotiation').getByRole('article', { name: 'Umbrella renewal' })).toBeVisible();
  await expect(column(other, 'Negotiation')).toContainText('1 deal');
  await createDeal(page, { name: 'Soylent trial' });
  await expect(column(other, 'Prospecting').getByRole('article', { name: 'Soylent trial' })).toBeVisible();

  // A third board that misses live updates holds a stale card and is refused.
  const stale = await second.newPage();
  await stale.route('**/api/live/board*', (route) => route.abort());
  await visit(stale, '/opportunities');
  await expect(column(stale, 'Negotiation').getByRole('article', { name: 'Umbrella renewal' })).toBeVisible();
  await dragCard(page, 'Umbrella renewal', 'Proposal');
  await expect(column(other, 'Proposal').getByRole('article', { name: 'Umbrella renewal' })).toBeVisible();
  await dragCard(stale, 'Umbrella renewal', 'Qualification');
  await expect(stale.getByText(/This deal was changed by Dana Scully a moment ago/).first()).toBeVisible();
  await expect(column(stale, 'Proposal').getByRole('article', { name: 'Umbrella renewal' })).toBeVisible();
  await expect(column(stale, 'Qualification').getByRole('article', { name: 'Umbrella renewal' })).toHaveCount(0);
  await second.close();
});

test('two quick moves of one deal are both saved, in order', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Acme rollout', value: '2,000' });
  // Hold the first save until the second move is made, so the second really waits for it.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const moves: string[] = [];
  await page.route('**/api/opportunities/move*', async (route) => {
    moves.push(route.request().postData() ?? '');
    if (moves.length === 1) await held;
    await route.continue();
  });
  const keyboardMove = async (to: string) => {
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await expect(column(page, to).getByRole('article', { name: 'Acme rollout' })).toBeFocused();
  };
  await card(page, 'Acme rollout').focus();
  await keyboardMove('Qualification');
  await keyboardMove('Proposal');
  expect(moves).toHaveLength(1);
  release();
  await expect(saved(page, 'Acme rollout is now in Proposal.')).toBeAttached();
  expect(moves).toHaveLength(2);
  await expect(column(page, 'Proposal').getByRole('article', { name: 'Acme rollout' })).toBeVisible();
  await expect(page.getByText(/was changed by/)).toHaveCount(0);
  await visit(page, '/opportunities');
  await expect(column(page, 'Proposal').getByRole('article', { name: 'Acme rollout' })).toBeVisible();
});

test("a deal's profile page closes and reopens it, and its timeline tells the story", async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Stark armor', value: '9,000', contact: 'Pepper Potts' });
  await dragCard(page, 'Stark armor', 'Proposal');
  await expect(saved(page, 'Stark armor is now in Proposal.')).toBeAttached();

  await card(page, 'Stark armor').getByRole('link', { name: 'Stark armor' }).click();
  await expect(page.getByRole('heading', { name: 'Stark armor', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/opportunities\/\d+$/);
  await hydrated(page);
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('EUR 9,000.00');
  await expect(details).toContainText('Pepper Potts');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('listitem').first()).toContainText('Moved from Prospecting to Proposal');
  await expect(timeline).toContainText('Created in Prospecting (Sales Pipeline)');
  await expect(timeline).toContainText('Dana Scully');

  // Click a field, type, Enter: saved, on the timeline, still there after reload.
  await page.getByRole('button', { name: 'Edit Value: EUR 9,000.00' }).click();
  await expect(page.getByLabel('Value', { exact: true })).toBeFocused();
  await page.getByLabel('Value', { exact: true }).fill('lots');
  await page.getByLabel('Value', { exact: true }).press('Enter');
  await expect(details.getByText("'lots' is not an amount.")).toBeVisible();
  await page.getByLabel('Value', { exact: true }).press('Escape');
  await expect(page.getByRole('button', { name: 'Edit Value: EUR 9,000.00' })).toBeFocused();
  await page.getByRole('button', { name: 'Edit Value: EUR 9,000.00' }).click();
  await page.getByLabel('Value', { exact: true }).fill('12,000');
  await page.getByLabel('Value', { exact: true }).press('Enter');
  await expect(timeline.getByRole('listitem').first()).toContainText('Value changed from EUR 9,000.00 to EUR 12,000.00');
  await page.getByRole('button', { name: 'Edit Source: Not set' }).click();
  await page.getByLabel('Source', { exact: true }).fill('Trade show');
  await page.getByRole('heading', { name: 'Details' }).click();
  await expect(timeline.getByRole('listitem').first()).toContainText('Set source to “Trade show”');
  await page.reload();
  await hydrated(page);
  await expect(details).toContainText('EUR 12,000.00');
  await expect(details).toContainText('Trade show');

  await page.getByRole('button', { name: 'Closed Lost' }).click();
  const why = page.getByRole('dialog', { name: 'Why was Stark armor lost?' });
  await why.getByLabel('Lost reason').fill('No budget');
  await why.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(page.getByText('Stark armor is lost.')).toBeVisible();
  await expect(timeline.getByRole('listitem').first()).toContainText('Lost: No budget');
  await expect(details).toContainText('No budget');

  await page.getByRole('button', { name: 'Reopen' }).click();
  await expect(timeline.getByRole('listitem').first()).toContainText('Reopened');
  await page.getByRole('button', { name: 'Closed Won' }).click();
  await expect(timeline.getByRole('listitem').first()).toContainText('Won');
  await expect(page.getByRole('button', { name: 'Closed Won' })).toHaveCount(0);

  await page.getByRole('link', { name: '← Opportunities' }).click();
  await expect(column(page, 'Closed Won').getByRole('article', { name: 'Stark armor' })).toBeVisible();

  const missing = await page.goto('/opportunities/999999');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Opportunity not found' })).toBeVisible();
});
