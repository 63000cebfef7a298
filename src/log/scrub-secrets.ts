/**
 * Field names whose values are secrets wherever they appear: pino blanks them (at the top level and
 * two levels down). The first defence is never passing them to a logger at all.
 */
export const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'password',
  'authorization',
  'Authorization',
  'cookie',
  'clientSecret',
  'client_secret',
  'access_token',
  'refresh_token',
  'private_key',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export const REDACTED = '[redacted]';

// Slack tokens have a recognisable shape (xoxb-, xoxp-, xapp-, ...), and so does a Bearer header:
// free text (error messages, stacks, a library's own lines) is cleaned of them before it is written.
const TOKEN_TEXT = /\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+|\b(Bearer\s+)\S+/gi;

export function scrubText(text: string): string {
  return text.replace(TOKEN_TEXT, (_match, bearer: string | undefined) => `${bearer ?? ''}${REDACTED}`);
}

/** The same for the string values of a fields object (one level: nested values are pino's redaction). */
export function scrubFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = typeof value === 'string' ? scrubText(value) : value;
  return out;
}
