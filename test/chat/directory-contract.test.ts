import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryPort } from '../../src/chat/directory.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { standinWorld } from '../../src/standin/start-standin.js';
import { type SlackOverStandin, slackOverStandin } from './slack-standin.js';

interface DirectorySubject {
  directory: DirectoryPort;
  close(): Promise<void>;
}

// The fixed directory holds what the stand-in's workspace holds, so both answer alike.
const fixedSubject = async (): Promise<DirectorySubject> => ({
  directory: new FixedDirectory({
    groups: Object.fromEntries(standinWorld.usergroups.map((g) => [g.id, g.users])),
    handles: Object.fromEntries(standinWorld.users.map((u) => [u.id, u.name])),
  }),
  close: async () => {},
});

const slackSubject = async (): Promise<DirectorySubject> => {
  const slack = await slackOverStandin();
  return { directory: slack.directory, close: () => slack.close() };
};

describe.each([
  { name: 'the fixed directory', start: fixedSubject },
  { name: 'the Slack directory, through the local stand-in', start: slackSubject },
])('the directory port: $name', ({ start }) => {
  let subject: DirectorySubject;
  beforeAll(async () => {
    subject = await start();
  });
  afterAll(() => subject.close());

  it('lists a user group’s members, and none for an unknown group', async () => {
    expect(await subject.directory.groupMembers('S0LEADS')).toEqual(['U0LEAD1', 'U0LEAD2']);
    expect(await subject.directory.groupMembers('S0NOBODY')).toEqual([]);
  });

  it('gives a person’s handle, and null for an unknown user', async () => {
    expect(await subject.directory.handle('U0LEAD1')).toBe('lead1');
    expect(await subject.directory.handle('U0OPS')).toBe('ops');
    expect(await subject.directory.handle('U0GHOST')).toBeNull();
  });

  it('hands out copies: changing an answer does not change the next one', async () => {
    (await subject.directory.groupMembers('S0LEADS')).push('U0OPS');
    expect(await subject.directory.groupMembers('S0LEADS')).toEqual(['U0LEAD1', 'U0LEAD2']);
  });
});

describe('the Slack directory’s cache', () => {
  let slack: SlackOverStandin;
  let now = 0;
  afterEach(() => slack.close());

  const start = (options: { maxEntries?: number } = {}) =>
    slackOverStandin({ directory: { ttlMs: 5 * 60_000, now: () => now, ...options } });

  it('makes one Web API call for repeated and simultaneous lookups', async () => {
    slack = await start();
    await Promise.all([slack.directory.groupMembers('S0LEADS'), slack.directory.groupMembers('S0LEADS')]);
    await slack.directory.groupMembers('S0LEADS');
    await Promise.all([slack.directory.handle('U0LEAD1'), slack.directory.handle('U0LEAD1')]);
    await slack.directory.handle('U0LEAD1');
    await slack.directory.handle('U0GHOST');
    await slack.directory.handle('U0GHOST');
    expect(slack.calls('usergroups.users.list')).toBe(1);
    expect(slack.calls('users.info')).toBe(2);
  });

  it('asks again once an entry is older than its time to live', async () => {
    slack = await start();
    now = 0;
    await slack.directory.groupMembers('S0LEADS');
    now = 5 * 60_000 - 1;
    await slack.directory.groupMembers('S0LEADS');
    expect(slack.calls('usergroups.users.list')).toBe(1);
    now = 5 * 60_000;
    await slack.directory.groupMembers('S0LEADS');
    expect(slack.calls('usergroups.users.list')).toBe(2);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    slack = await start({ maxEntries: 2 });
    for (const user of ['U0LEAD1', 'U0LEAD2', 'U0LEAD1', 'U0OPS', 'U0LEAD1', 'U0LEAD2']) {
      await slack.directory.handle(user);
    }
    // LEAD1, LEAD2 asked; LEAD1 cached; OPS evicts LEAD2; LEAD1 cached; LEAD2 asked again.
    expect(slack.calls('users.info')).toBe(4);
  });

  it('does not remember a failed lookup', async () => {
    slack = await start();
    slack.standin.injectFault('usergroups.users.list', { status: 503 });
    await expect(slack.directory.groupMembers('S0LEADS')).rejects.toMatchObject({ chatCode: 'UNAVAILABLE' });
    expect(await slack.directory.groupMembers('S0LEADS')).toEqual(['U0LEAD1', 'U0LEAD2']);
    expect(slack.calls('usergroups.users.list')).toBe(2);
  });
});

describe('the Slack directory without its scopes', () => {
  it('names the missing scope and says to add it to the manifest', async () => {
    const slack = await slackOverStandin({ standin: { scopes: ['commands', 'chat:write'] } });
    try {
      await expect(slack.directory.groupMembers('S0LEADS')).rejects.toMatchObject({
        chatCode: 'MISSING_SCOPE',
        message: expect.stringContaining(
          'add the usergroups:read scope to the app (manifest.yml) and reinstall it',
        ),
      });
      await expect(slack.directory.handle('U0LEAD1')).rejects.toMatchObject({
        chatCode: 'MISSING_SCOPE',
        message: expect.stringContaining('users:read'),
      });
    } finally {
      await slack.close();
    }
  });
});
