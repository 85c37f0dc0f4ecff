import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { teamWithUsers, uniqueName } from './support/api';
import { openConsole, signedIn } from './support/console';
import { seriousProblems } from './support/axe';
import { zip } from './support/zip';

/** Holds the page's requests to `url` until the returned function is called, so the step shown
 * while they are under way stays on screen to be checked. */
async function hold(page: Page, url: string): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('an admin imports a Slack export: upload and import show their progress, then the summary, and the history reads', async ({ browser }) => {
  const { team, users: [member] } = await teamWithUsers(1);
  const friend = uniqueName('friend');
  const channelName = 'launch-plans';
  // The server remembers every Slack id it imported, whatever the team: ids of this run only, so
  // the journey imports afresh each time it runs against the same server (once per project).
  const [memberId, friendId, channelId] = ['u', 'u', 'c'].map((kind) => uniqueName(kind).toUpperCase());
  const slackExport = zip({
    // The member is matched by email; their Slack friend gets an account of their own.
    'users.json': JSON.stringify([
      { id: memberId, name: member.username, profile: { email: `${member.username}@example.org` } },
      { id: friendId, name: friend, real_name: 'Slack Friend', profile: { email: `${friend}@example.org` } },
    ]),
    'channels.json': JSON.stringify([
      { id: channelId, name: channelName, created: 1_600_000_000, members: [memberId, friendId], topic: { value: 'Where we *plan*' } },
    ]),
    [`${channelName}/2023-11-14.json`]: JSON.stringify([
      { subtype: 'channel_join', user: friendId, ts: '1699999999.000000', text: `<@${friendId}> has joined the channel` },
      {
        user: friendId, ts: '1700000000.000100', thread_ts: '1700000000.000100',
        text: `Shall we launch on *Friday*, <@${memberId}>?`, reactions: [{ name: 'rocket', users: [memberId] }],
      },
      { user: memberId, ts: '1700000060.000000', thread_ts: '1700000000.000100', text: 'Yes, Friday it is' },
    ]),
  });

  const console = await openConsole(browser);
  const importing = console.getByRole('region', { name: 'Import from Slack' });
  const releaseUpload = await hold(console, '**/api/v4/uploads/*');
  const releaseJob = await hold(console, '**/api/v4/jobs/*');
  await importing.getByLabel('Slack export (.zip)').setInputFiles({ name: 'slack-export.zip', mimeType: 'application/zip', buffer: slackExport });
  await importing.getByLabel('Into team').selectOption(team.name);
  await importing.getByRole('button', { name: 'Import', exact: true }).click();

  await expect(importing.getByRole('progressbar', { name: 'Upload' })).toBeVisible();
  await expect(importing.getByRole('status')).toHaveText(/Uploading the export… \d+%/);
  await expect(importing.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  releaseUpload();
  await expect(importing.getByRole('progressbar', { name: 'Import' })).toBeVisible();
  await expect(importing.getByRole('status')).toHaveText(/Importing… \d+%/);
  releaseJob();

  const summary = importing.getByRole('status').filter({ hasText: 'Import finished.' });
  await expect(summary).toContainText('Channels: 1 created');
  await expect(summary).toContainText('People: 1 accounts created, 1 matched to accounts by email');
  await expect(summary).toContainText('Posts: 2 (1 replies in 1 threads), 1 reactions');
  await expect(summary).toContainText('Skipped: 1 channel_join messages');
  expect(await seriousProblems(console, 'console slack import')).toEqual([]);

  // The member reads the imported channel: the thread, the reaction, the markup as Markdown.
  const memberPage = await signedIn(browser, member);
  await memberPage.goto(`/${team.name}/channels/${channelName}`);
  const root = memberPage.getByRole('article').filter({ hasText: 'Shall we launch on Friday' });
  await expect(root).toBeVisible();
  await expect(root.getByText('Friday', { exact: true })).toHaveJSProperty('tagName', 'STRONG');
  await expect(root.getByRole('button', { name: /rocket/ })).toBeVisible();
  await expect(root.getByRole('button', { name: '1 reply' })).toBeVisible();

  // A cut-short export fails clearly, and nothing of it is written.
  await importing.getByLabel('Slack export (.zip)').setInputFiles({
    name: 'cut-short.zip', mimeType: 'application/zip', buffer: slackExport.subarray(0, slackExport.length / 2),
  });
  await importing.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importing.getByRole('alert')).toHaveText(/The import failed: .*nothing was changed|The import failed: .*zip/);
});
