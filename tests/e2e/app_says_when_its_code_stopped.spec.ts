import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers } from './support/api';

// A panic of the app's code traps its wasm, and the page learns of it only as a
// `WebAssembly.RuntimeError` that nobody catches (the release build keeps no panic message:
// xtask/src/build.rs). Nothing a person does makes the app panic, so the test traps a wasm module
// of one instruction in the same way; the page must then say that the app stopped and offer the
// reload that brings it back.
test('a wasm trap shows that the app stopped, and its button reloads the page', async ({ page, pageErrors }) => {
  const { team, users: [me] } = await teamWithUsers(1);
  const room = await channel(team, me, []);
  await logIn(page, me, `/${team.name}/channels/${room.name}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  await expect(page.getByRole('alert').filter({ hasText: 'brisk stopped' })).toHaveCount(0);

  await page.evaluate(() => {
    // (module (func (export "trap") unreachable))
    const bytes = new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0, 11,
    ]);
    const trap = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.trap as () => void;
    setTimeout(trap);
  });
  const notice = page.getByRole('alert').filter({ hasText: 'brisk stopped because of an error in its code.' });
  await expect(notice).toBeVisible();
  // The trap this test caused, the one error its page may throw.
  await expect.poll(() => pageErrors.errors.length).toBe(1);
  expect(pageErrors.errors[0]).toContain('RuntimeError: unreachable');
  pageErrors.errors.length = 0;

  await notice.getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  await expect(notice).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
});
