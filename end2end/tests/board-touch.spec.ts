import { test, expect, column, card, boardWithPipeline, createDeal, saved } from '../fixtures';

test.use({ hasTouch: true, viewport: { width: 1280, height: 800 } });

test('on a touch screen, a long-press picks a deal up and dragging moves it', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Wonka fleet', value: '4,000' });
  const from = (await card(page, 'Wonka fleet').boundingBox())!;
  const to = (await column(page, 'Qualification').boundingBox())!;
  const touch = await page.context().newCDPSession(page);
  const point = (x: number, y: number) => [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  const start = { x: from.x + from.width / 2, y: from.y + 20 };
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(start.x, start.y) });
  // Held still past the long-press: the card is picked up.
  await page.waitForTimeout(600);
  await expect(card(page, 'Wonka fleet')).toHaveClass(/grabbed/);
  const end = { x: to.x + to.width / 2, y: to.y + 80 };
  for (let i = 1; i <= 10; i++) {
    const x = start.x + ((end.x - start.x) * i) / 10;
    const y = start.y + ((end.y - start.y) * i) / 10;
    await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(x, y) });
  }
  await expect(column(page, 'Qualification')).toHaveClass(/drop-target/);
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(column(page, 'Qualification').getByRole('article', { name: 'Wonka fleet' })).toBeVisible();
  await expect(saved(page, 'Wonka fleet is now in Qualification.')).toBeAttached();
  await page.reload();
  await expect(column(page, 'Qualification').getByRole('article', { name: 'Wonka fleet' })).toBeVisible();
});

test('on a touch screen, a quick swipe scrolls instead of dragging', async ({ page }) => {
  await boardWithPipeline(page);
  await createDeal(page, { name: 'Wonka fleet', value: '4,000' });
  const from = (await card(page, 'Wonka fleet').boundingBox())!;
  const touch = await page.context().newCDPSession(page);
  const point = (x: number, y: number) => [{ x, y, id: 1 }];
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from.x + 220, from.y + 20) });
  for (let i = 1; i <= 5; i++) {
    await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(from.x + 220 - i * 40, from.y + 20) });
  }
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(600);
  await expect(card(page, 'Wonka fleet')).not.toHaveClass(/grabbed/);
  await expect(column(page, 'Prospecting').getByRole('article', { name: 'Wonka fleet' })).toBeVisible();
});
