import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from './http/static-page.js';

/**
 * The bot scopes the app's manifest.yml asks for: what an installed app's token is granted, so the
 * stand-in refuses a call the real install would refuse (missing_scope) instead of hiding it.
 */
export function manifestBotScopes(path = join(packageRoot(), 'manifest.yml')): string[] {
  const manifest = parse(readFileSync(path, 'utf8')) as { oauth_config?: { scopes?: { bot?: unknown } } };
  const scopes = manifest.oauth_config?.scopes?.bot;
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
    throw new Error(`${path}: oauth_config.scopes.bot must be a list of scopes`);
  }
  return scopes;
}
