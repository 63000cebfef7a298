import { type Rich, type Span, spansOf } from '../../domain/message.js';

/**
 * Slack's control characters as entities (docs.slack.dev, "Escaping text"): escaped, literal text
 * can never become a mention (`<!channel>`), a link or a command, whoever typed it.
 */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Dates and seasons in prose (2022-10-25, 2022-23) never break at their hyphens when a line wraps:
 * those hyphens become U+2011 (non-breaking hyphen), which reads the same. Code and command spans
 * keep ASCII hyphens so they can be copied; our parser reads U+2011 as a hyphen anyway.
 */
const DATE_HYPHENS = /\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/g;
export const keepDatesWhole = (text: string): string =>
  text.replace(DATE_HYPHENS, (_, y: string, m: string, d?: string) =>
    d === undefined ? `${y}\u2011${m}` : `${y}\u2011${m}\u2011${d}`,
  );

const prose = (text: string): string => escapeMrkdwn(keepDatesWhole(text));

/** Where each span writes its own markup; only this file knows mrkdwn's syntax. */
export interface MrkdwnOptions {
  /** How a command span is written: "/backfill " in Slack. */
  prefix: string;
}

// Slack ids are upper-case letters and digits; anything else would let an id close the `<…>` early.
const SLACK_ID = /^[A-Z0-9]{2,40}$/;
const SAFE_URL = /^(https?:\/\/|mailto:)[^\s<>|]+$/i;

/**
 * Bold, italic and code do not run across lines in Slack, and `* x *` is not bold: each line is
 * marked on its own, with its outer spaces left outside the marks.
 */
function marked(text: string, mark: string, literal = escapeMrkdwn): string {
  return text
    .split('\n')
    .map((line) => {
      const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(line) ?? [];
      return core ? `${lead}${mark}${literal(core)}${mark}${trail}` : literal(line);
    })
    .join('\n');
}

function spanMrkdwn(span: Span, options: MrkdwnOptions): string {
  if (typeof span === 'string') return prose(span);
  switch (span.kind) {
    case 'strong':
      return marked(span.text, '*', prose);
    case 'em':
      return marked(span.text, '_', prose);
    case 'code':
      return marked(span.text, '`');
    case 'command':
      return marked(`${options.prefix}${span.words}`, '`');
    case 'user':
      return SLACK_ID.test(span.id) ? `<@${span.id}>` : escapeMrkdwn(`@${span.handle ?? span.id}`);
    case 'group':
      return SLACK_ID.test(span.id) ? `<!subteam^${span.id}>` : escapeMrkdwn(`@${span.handle ?? span.id}`);
    case 'link': {
      // The address goes in as it is (Slack does not decode entities there: `&amp;` would break a
      // query string); SAFE_URL keeps out what could end it early. The label is text.
      const label = span.label.replace(/\s+/g, ' ');
      return SAFE_URL.test(span.url)
        ? `<${span.url}|${escapeMrkdwn(label)}>`
        : escapeMrkdwn(`${label} (${span.url})`);
    }
    case 'break':
      return '\n';
  }
}

/** Rich text as Slack mrkdwn. */
export function richMrkdwn(text: Rich, options: MrkdwnOptions): string {
  return spansOf(text)
    .map((span) => spanMrkdwn(span, options))
    .join('');
}
