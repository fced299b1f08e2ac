// Each role sees the forms it can use and no other: a settings page of another role says
// who can change it (HTTP 403) instead of offering a form the server would refuse.
import { test, expect, createWorkspace, visit, hydrated, signOut, addTeammate, signInFirstTime, type Teammate } from '../fixtures';
import type { Page } from '@playwright/test';

/** What a page offers to those who may use it: its address, and a heading or button only its form has. */
const PAGES = {
  users: { path: '/users', title: 'Users', form: { role: 'button', name: 'Add user' } },
  fields: { path: '/settings/fields', title: 'Custom fields', form: { role: 'heading', name: 'Add a field' } },
  settings: { path: '/settings/opportunities', title: 'Opportunity settings', form: { role: 'button', name: 'Save settings' } },
  pipelines: { path: '/settings/pipelines', title: 'Pipelines', form: { role: 'heading', name: 'New pipeline' } },
  automation: { path: '/automations', title: 'Automation', form: { role: 'heading', name: 'No automations yet' } },
} as const;

const NAV_ALL = ['Home', 'Opportunities', 'Contacts', 'Companies', 'Automation', 'Pipelines', 'Users', 'Settings', 'Custom fields'];

async function expectNavigation(page: Page, labels: string[]) {
  await visit(page, '/');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(labels);
}

/** Opens every settings page: the ones in `usable` show their form, the others refuse. */
async function expectPages(page: Page, usable: (keyof typeof PAGES)[]) {
  for (const [key, { path, title, form }] of Object.entries(PAGES)) {
    const response = await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    const control = page.getByRole(form.role, { name: form.name, exact: true });
    if (usable.includes(key as keyof typeof PAGES)) {
      expect(response?.status(), path).toBe(200);
      await expect(control).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Not part of your role' })).toHaveCount(0);
    } else {
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { name: 'Not part of your role' })).toBeVisible();
      await expect(control).toHaveCount(0);
      await expect(page.getByRole('main').locator('form, input, select, textarea')).toHaveCount(0);
    }
  }
}

/** The board of a workspace without pipelines: set one up, or ask who can. */
async function expectEmptyBoard(page: Page, canSetUp: boolean) {
  await visit(page, '/opportunities');
  await expect(page.getByRole('heading', { name: 'No pipeline yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Set up a pipeline' })).toHaveCount(canSetUp ? 1 : 0);
  if (!canSetUp) await expect(page.getByText('Ask a manager or admin of your workspace to set up a pipeline')).toBeVisible();
}

/** A new workspace, Dana adds `person`, and `person` signs in for the first time. */
async function signedInAs(page: Page, person: Teammate) {
  await createWorkspace(page);
  await addTeammate(page, person);
  await signOut(page);
  await signInFirstTime(page, person);
}

const PASSWORDS = { temporary: 'temporary pass 1', own: 'a password of my own' };

test('an admin sees every settings page with its form', async ({ page }) => {
  await createWorkspace(page);
  await expectNavigation(page, NAV_ALL);
  await expect(page.getByRole('link', { name: 'Manage users' })).toBeVisible();
  await expectPages(page, ['users', 'fields', 'settings', 'pipelines', 'automation']);
  await expectEmptyBoard(page, true);
});

test('a manager configures pipelines but sees no user, field or settings forms', async ({ page }) => {
  await signedInAs(page, { name: 'Mona Lisa', email: 'mona@acme.test', role: 'manager', ...PASSWORDS });
  await expectNavigation(page, ['Home', 'Opportunities', 'Contacts', 'Companies', 'Pipelines']);
  await expect(page.getByRole('link', { name: 'Manage users' })).toHaveCount(0);
  await expectPages(page, ['pipelines']);
  await expectEmptyBoard(page, true);
});

test('a user works deals and sees no pipeline, user, field or settings forms', async ({ page }) => {
  await signedInAs(page, { name: 'Fox Mulder', email: 'fox@acme.test', role: 'user', ...PASSWORDS });
  await expectNavigation(page, ['Home', 'Opportunities', 'Contacts', 'Companies']);
  await expect(page.getByRole('link', { name: 'Manage users' })).toHaveCount(0);
  await expectPages(page, []);
  await expectEmptyBoard(page, false);
});

test('a user with Only assigned data sees the same forms as a user, and is told what they see', async ({ page }) => {
  await signedInAs(page, { name: 'Walter Skinner', email: 'walter@acme.test', role: 'user', onlyAssigned: true, ...PASSWORDS });
  await expect(page.getByText('Only deals you own or follow')).toBeVisible();
  await expectNavigation(page, ['Home', 'Opportunities', 'Contacts', 'Companies']);
  await expectPages(page, []);
  await expectEmptyBoard(page, false);
});
