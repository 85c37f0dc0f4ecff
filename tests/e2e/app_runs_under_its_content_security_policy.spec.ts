import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';

// The server sends a strict Content-Security-Policy (no inline script, only its own origin to
// talk to). The app must start, log in, render markdown and receive live events under it without
// the browser blocking anything.
test('the app loads, logs in and receives posts live with no CSP violation', async ({ page }) => {
  const { team, users: [me, other] } = await teamWithUsers(2);
  const room = await channel(team, me, [other]);
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });

  const response = await page.goto('/login');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await logIn(page, me, `/${team.name}/channels/${room.name}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(room.display_name);

  // A table (its cells aligned by style attributes) and a post arriving over the WebSocket.
  await post(other, room.id, '| left | right |\n|:-----|------:|\n| a | b |');
  const table = page.getByTestId('post').filter({ hasText: 'right' }).locator('table');
  await expect(table).toBeVisible();
  await expect(table.locator('td').last()).toHaveCSS('text-align', 'right');

  expect(violations).toEqual([]);
});
