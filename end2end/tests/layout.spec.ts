// What can be measured of the layout, on the demo workspace, from 1440 px to 390 px: no
// word split across lines on wide screens, nothing sticking out of its card, a phone's
// navigation readable and whole, the board's first card on the first screen.
import { test, expect, createWorkspace, visit, hydrated, column } from '../fixtures';
import type { Page } from '@playwright/test';

// Most of these start from the demo workspace, whose year of history takes a while to write.
test.beforeEach(() => test.slow());

/** Problems of what is on screen: elements sticking out of their card (or the page being
 * wider than the window), and, with `words`, words split over two lines. */
async function layoutProblems(page: Page, { words }: { words: boolean }) {
  return page.evaluate((checkWords) => {
    const problems: string[] = [];
    const name = (el: Element) => `<${el.tagName.toLowerCase()} class="${el.className}"> "${(el.textContent || '').trim().slice(0, 50)}"`;
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 1 && box.height > 1 && !el.closest('.visually-hidden, [hidden], dialog:not([open]), details:not([open]) > :not(summary)');
    };
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    }
    for (const card of document.querySelectorAll('.card, .deal-card, .board-column')) {
      if (!shown(card)) continue;
      const edge = card.getBoundingClientRect();
      for (const el of card.querySelectorAll('*')) {
        if (!shown(el)) continue;
        // Inside a scrolling part of the card (a wide table), content may be wider: it scrolls.
        let scroller = el.parentElement;
        while (scroller && scroller !== card && getComputedStyle(scroller).overflowX === 'visible') scroller = scroller.parentElement;
        if (scroller && scroller !== card) continue;
        const box = el.getBoundingClientRect();
        if (box.left < edge.left - 1 || box.right > edge.right + 1) {
          problems.push(`${name(el)} sticks out of ${name(card)}: ${Math.round(box.left)}–${Math.round(box.right)} outside ${Math.round(edge.left)}–${Math.round(edge.right)}`);
        }
      }
    }
    if (checkWords) {
      const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !shown(parent) || parent.closest('option, script, style')) continue;
        for (const word of (node.textContent || '').matchAll(/[^\s\-‐]+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index!);
          range.setEnd(node, word.index! + word[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) problems.push(`"${word[0]}" is split over ${lines.size} lines in ${name(parent)}`);
        }
      }
    }
    return problems;
  }, words);
}

/** Where the demo's screens are: the board, a deal's profile, a contact, the list, pipelines, home. */
async function screens(page: Page) {
  await visit(page, '/opportunities');
  const deal = await column(page, 'Negotiation').getByRole('article').first().getByRole('link').getAttribute('href');
  await visit(page, '/contacts');
  const contact = await page.locator('tbody a').first().getAttribute('href');
  return ['/opportunities', deal!, contact!, '/opportunities?view=list', '/settings/pipelines', '/automations', '/'];
}

for (const width of [1440, 1280]) {
  test(`at ${width} px no word breaks in the middle and nothing sticks out of its card`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await createWorkspace(page, { demo: true });
    for (const path of await screens(page)) {
      await visit(page, path);
      await expect(page.locator('main h1').first()).toBeVisible();
      expect(await layoutProblems(page, { words: true }), path).toEqual([]);
    }
  });
}

test('on a 390 px phone the navigation is whole, the board starts on the first screen, nothing is clipped', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await createWorkspace(page, { demo: true });
  const paths = await screens(page);

  await visit(page, '/');
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  await expect(links).toHaveCount(9);
  const boxes = [];
  for (const link of await links.all()) {
    const box = (await link.boundingBox())!;
    const label = (await link.locator('span').boundingBox())!;
    expect(box.x, await link.innerText()).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, await link.innerText()).toBeLessThanOrEqual(390);
    expect(label.x).toBeGreaterThanOrEqual(box.x);
    expect(label.x + label.width, `${await link.innerText()} fits its link`).toBeLessThanOrEqual(box.x + box.width);
    boxes.push({ name: await link.innerText(), ...box });
  }
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.name} and ${b.name} overlap`).toBe(true);
    }
  }
  await links.filter({ hasText: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  await visit(page, '/opportunities');
  const first = (await page.getByRole('article').first().boundingBox())!;
  expect(first.y, 'the first card starts on the first screen').toBeLessThan(844 - 120);
  for (const total of await page.locator('.column-total, .column-weighted, .column-title h2').all()) {
    const clipped = await total.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    expect(clipped, `${await total.innerText()} is cut off`).toBe(false);
  }

  await visit(page, '/settings/pipelines');
  for (const name of await page.getByLabel('Stage name').all()) {
    const cut = await name.evaluate((el: HTMLInputElement) => el.scrollWidth > el.clientWidth + 1);
    expect(cut, `${await name.inputValue()} is cut off`).toBe(false);
  }

  for (const path of paths) {
    await visit(page, path);
    await expect(page.locator('main h1').first()).toBeVisible();
    expect(await layoutProblems(page, { words: false }), path).toEqual([]);
  }
});

test('a probability error reads across its stage row, not squeezed beside the field', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await createWorkspace(page, { demo: true });
  await visit(page, '/settings/pipelines');
  const probability = page.getByLabel('Close probability').first();
  await probability.fill('0');
  await probability.press('Tab');
  const error = page.getByText('0% is only for Closed Won (100%) and Closed Lost (0%). Use 1 to 99 for this stage.');
  await expect(error).toBeVisible();
  const name = (await page.getByLabel('Stage name').first().boundingBox())!;
  const message = (await error.boundingBox())!;
  expect(message.width).toBeGreaterThan(name.width);
  expect(await layoutProblems(page, { words: true })).toEqual([]);
});

test('a filter that cannot be applied is said once, above the open filter panel', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await createWorkspace(page, { demo: true });
  for (const path of ['/opportunities?min=lots', '/opportunities?view=list&min=lots']) {
    await visit(page, path);
    const problem = page.getByRole('alert').filter({ hasText: "'lots' is not an amount." });
    await expect(problem).toHaveCount(1);
    await expect(page.getByText("'lots' is not an amount.")).toHaveCount(1);
    await expect(page.getByLabel('Value from')).toBeVisible();
    await expect(page.getByLabel('Value from')).toHaveAttribute('aria-invalid', 'true');
    const panel = (await page.locator('details[open] > .filter-panel-body').boundingBox())!;
    const banner = (await problem.boundingBox())!;
    expect(banner.y + banner.height, `${path}: the panel covers the sentence`).toBeLessThanOrEqual(panel.y);
  }
});

test('an empty new workspace says how to add deals, contacts and companies', async ({ page }) => {
  await createWorkspace(page);
  await visit(page, '/opportunities');
  await page.getByRole('button', { name: 'Set up a pipeline' }).click();
  await expect(column(page, 'Prospecting')).toBeVisible();
  await visit(page, '/opportunities?view=list');
  await expect(page.getByRole('heading', { name: 'No deals yet' })).toBeVisible();
  await expect(page.getByText('Add your first deal with Create Opportunity')).toBeVisible();
  await expect(page.getByText('No deals match')).toHaveCount(0);
  await visit(page, '/opportunities?view=list&q=nothing');
  await expect(page.getByRole('heading', { name: 'No deals match' })).toBeVisible();
  await visit(page, '/contacts');
  await expect(page.getByText('No contacts yet. Add one with Create contact')).toBeVisible();
  await visit(page, '/contacts?q=nobody');
  await expect(page.getByText('No contacts match this search.')).toBeVisible();
  await visit(page, '/companies');
  await expect(page.getByText('No companies yet. Add one with Create company')).toBeVisible();
});

test('Add a file and Choose a CSV file are each one control for assistive tech, with a focus ring', async ({ page }) => {
  await createWorkspace(page, { demo: true });
  const named = async (name: string) => {
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    return nodes
      .filter((n: any) => !n.ignored && n.name?.value === name && !['StaticText', 'InlineTextBox', 'LabelText'].includes(n.role?.value))
      .map((n: any) => n.role?.value);
  };
  await visit(page, '/opportunities');
  await column(page, 'Negotiation').getByRole('article').first().getByRole('link').click();
  await expect(page.getByRole('region', { name: 'Timeline' })).toBeVisible();
  await hydrated(page);
  expect(await named('Add a file')).toEqual(['button']);
  await page.getByLabel('Add a file').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Add a file')).toBeFocused();
  await expect(page.locator('label[for="add-file"]')).toHaveCSS('outline-style', 'solid');
  await visit(page, '/opportunities/import');
  expect(await named('Choose a CSV file')).toEqual(['button']);
});
