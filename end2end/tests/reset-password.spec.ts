// `Reset password` on the Users page: a temporary password shown once, the person's
// session ended, and a new password of their own chosen at the next sign-in.
import { test, expect, createWorkspace, signIn, visit, hydrated } from '../fixtures';

const FOX = { name: 'Fox Mulder', email: 'fox@acme.test', temporary: 'trust no one 1', own: 'the truth is out there', next: 'i want to believe' };

async function chooseOwnPassword(page: import('@playwright/test').Page, current: string, own: string) {
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('You signed in with a temporary password.')).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Current password').fill(current);
  await page.getByLabel('New password', { exact: true }).fill(own);
  await page.getByLabel('Repeat new password').fill(own);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Fox' })).toBeVisible();
}

test('an admin resets a password: the old session ends and the user chooses a new one', async ({ browser, page }) => {
  await createWorkspace(page);
  await visit(page, '/users');
  await page.getByLabel('Name', { exact: true }).fill(FOX.name);
  await page.getByLabel('Email').fill(FOX.email);
  await page.getByLabel('Temporary password').fill(FOX.temporary);
  await page.getByRole('button', { name: 'Add user' }).click();
  const foxRow = page.getByRole('row', { name: new RegExp(FOX.name) });
  await expect(foxRow).toBeVisible();

  const foxContext = await browser.newContext();
  const fox = await foxContext.newPage();
  await signIn(fox, FOX.email, FOX.temporary);
  await chooseOwnPassword(fox, FOX.temporary, FOX.own);

  await hydrated(page);
  await foxRow.getByRole('button', { name: `Reset password of ${FOX.name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Reset the password of ${FOX.name}?` });
  await expect(dialog).toContainText('signed out everywhere');
  await dialog.getByRole('button', { name: 'Reset password' }).click();
  const shown = page.getByRole('dialog', { name: 'New temporary password' });
  await expect(shown).toContainText('It is shown only this once.');
  const temporary = await shown.getByLabel('Temporary password').inputValue();
  expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();
  await expect(foxRow).toContainText('Password reset by Dana Scully on');
  await expect(foxRow).toContainText('Temporary password');

  await fox.reload();
  await expect(fox).toHaveURL(/\/login$/);
  const advice = fox.getByText('Forgot your password?');
  await expect(advice).toContainText('Reset password');
  await expect(advice).toContainText('dealflow reset-password --email');
  await signIn(fox, FOX.email, FOX.own);
  await expect(fox.getByRole('alert')).toContainText('Email or password is incorrect.');
  await signIn(fox, FOX.email, temporary);
  await chooseOwnPassword(fox, temporary, FOX.next);
  await foxContext.close();
});
