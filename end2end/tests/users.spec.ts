import { test, expect, createWorkspace, signIn, signOut, visit, hydrated, ADMIN } from '../fixtures';

const FOX = { name: 'Fox Mulder', email: 'fox@acme.test', temporary: 'trust no one 1', own: 'the truth is out there' };

test('an admin adds a user, who picks their own password at first sign-in', async ({ page }) => {
  await createWorkspace(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await hydrated(page);
  const me = page.getByRole('row', { name: new RegExp(ADMIN.name) });
  await expect(me).toContainText('You');
  await expect(me.getByRole('button')).toHaveCount(0);
  await expect(me.getByLabel(`Role of ${ADMIN.name}`)).toBeDisabled();

  await page.getByLabel('Name', { exact: true }).fill(FOX.name);
  await page.getByLabel('Email').fill(FOX.email);
  await page.getByLabel('Role', { exact: true }).selectOption('manager');
  await page.getByLabel('Temporary password').fill(FOX.temporary);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`${FOX.name} was added.`)).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(FOX.name) });
  await expect(row).toContainText(FOX.email);
  await expect(row.getByLabel(`Role of ${FOX.name}`)).toHaveValue('manager');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');

  await page.getByLabel('Email').fill(FOX.email);
  await page.getByLabel('Name', { exact: true }).fill('Fox Again');
  await page.getByLabel('Temporary password').fill(FOX.temporary);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('That email address is already used by another user.')).toBeVisible();

  await signOut(page);
  await signIn(page, FOX.email, FOX.temporary);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('You signed in with a temporary password.')).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Current password').fill(FOX.temporary);
  await page.getByLabel('New password', { exact: true }).fill(FOX.own);
  await page.getByLabel('Repeat new password').fill(FOX.own);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Fox' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
});

test('a deactivated user is signed out at once and cannot sign in', async ({ browser, page }) => {
  await createWorkspace(page);
  await visit(page, '/users');
  await page.getByLabel('Name', { exact: true }).fill(FOX.name);
  await page.getByLabel('Email').fill(FOX.email);
  await page.getByLabel('Temporary password').fill(FOX.temporary);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('row', { name: new RegExp(FOX.name) })).toBeVisible();

  const foxContext = await browser.newContext();
  const fox = await foxContext.newPage();
  await signIn(fox, FOX.email, FOX.temporary);
  await expect(fox).toHaveURL(/\/account$/);
  await hydrated(page);
  await page.getByRole('button', { name: `Deactivate ${FOX.name}` }).click();
  await expect(page.getByText(`${FOX.name} is deactivated and was signed out everywhere.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(FOX.name) })).toContainText('Deactivated');

  await fox.reload();
  await expect(fox).toHaveURL(/\/login$/);
  await signIn(fox, FOX.email, FOX.temporary);
  await expect(fox.getByRole('alert')).toContainText('is deactivated');
  await foxContext.close();

  await page.getByRole('button', { name: `Reactivate ${FOX.name}` }).click();
  await expect(page.getByText(`${FOX.name} can sign in again.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(ADMIN.name) })).toContainText('Active');
});
