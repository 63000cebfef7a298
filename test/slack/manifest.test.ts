import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_HANDLE } from '../../src/chat/chat-refusals.js';
import { slackAdapterCalls } from '../chat/slack-adapter-calls.js';

// The manifest's schema as the installed Slack SDK declares it (types/request/manifest.d.ts).
const sdkDir = dirname(createRequire(import.meta.url).resolve('@slack/web-api'));
const declarations = readFileSync(join(sdkDir, 'types/request/manifest.d.ts'), 'utf8');

function fieldsOf(name: string): Set<string> {
  const body =
    new RegExp(`interface ${name}(?: extends [^{]+)? \\{([\\s\\S]*?)\\n\\}`).exec(declarations)?.[1] ?? '';
  return new Set([...body.matchAll(/^\s{4}([a-z_]+)\??:/gm)].map((m) => m[1] as string));
}
const unionOf = (name: string) =>
  new Set(
    [...(new RegExp(`type ${name} = ([^;]+);`).exec(declarations)?.[1] ?? '').matchAll(/'([^']+)'/g)].map(
      (m) => m[1],
    ),
  );

const SCHEMA: Record<string, string> = {
  '': 'Manifest',
  display_information: 'ManifestDisplayInformation',
  features: 'ManifestFeatures',
  'features.app_home': 'ManifestAppHome',
  'features.bot_user': 'ManifestBotUser',
  'features.slash_commands[]': 'ManifestSlashCommand',
  oauth_config: 'ManifestOAuthConfig',
  'oauth_config.scopes': 'ManifestOAuthScopes',
  settings: 'ManifestSettings',
  'settings.event_subscriptions': 'ManifestEventSubscriptions',
  'settings.interactivity': 'ManifestInteractivity',
};

function unknownKeys(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => unknownKeys(item, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  const iface = SCHEMA[path];
  if (!iface) return [];
  const allowed = fieldsOf(iface);
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    return allowed.has(key) ? unknownKeys(child, childPath) : [childPath];
  });
}

describe('manifest.yml', () => {
  const manifest = parse(readFileSync('manifest.yml', 'utf8'));

  it("uses only fields of Slack's manifest schema", () => {
    expect(fieldsOf('ManifestSlashCommand').has('usage_hint')).toBe(true);
    expect(unknownKeys(manifest, '')).toEqual([]);
  });

  it('declares /backfill, interactivity and App Home on one request URL', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      '/backfill',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    const urls = [
      manifest.features.slash_commands[0].url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/\/slack\/events$/);
  });

  it('asks only for bot scopes and events the SDK knows', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const scope of scopes) expect(unionOf('BotScope').has(scope), scope).toBe(true);
    for (const event of manifest.settings.event_subscriptions.bot_events)
      expect(unionOf('ManifestEvent').has(event)).toBe(true);
  });

  it('asks for exactly the scopes the Slack adapters’ Web API calls need, and commands for /backfill', async () => {
    // Measured, not listed: every operation of the chat and directory adapters runs against the
    // stand-in, which knows the scope each Web API method needs (from Slack's method reference).
    const calls = await slackAdapterCalls();
    expect(calls.filter((c) => c.scope === undefined).map((c) => c.method)).toEqual([]);
    const needed = new Set(calls.flatMap((c) => (c.scope ? [c.scope] : [])));
    // `commands` is for the slash command itself, which no Web API method needs.
    const declared = new Set<string>(
      manifest.oauth_config.scopes.bot.filter((s: string) => s !== 'commands'),
    );
    expect(
      [...needed].filter((s) => !declared.has(s)),
      'needed but not declared',
    ).toEqual([]);
    expect(
      [...declared].filter((s) => !needed.has(s)),
      'declared but unused',
    ).toEqual([]);
    expect(manifest.oauth_config.scopes.bot).toContain('commands');
  });

  it('names the bot as the chat adapters’ messages do ("invite @backfill-bot")', () => {
    expect(manifest.features.bot_user.display_name).toBe(BOT_HANDLE);
  });
});
