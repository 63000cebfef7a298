// Slack's Block Kit limits (docs.slack.dev; see shared FACTS.md). Only the renderer reads these.
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  elementsPerActions: 25,
  contextElements: 10,
} as const;

/** Cuts text to a limit, marking the cut so a reader knows there is more. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Cuts mrkdwn to a limit without leaving half an entity (`&am`) or half a mention or link (`<@U1`)
 * at the cut, which Slack would show as stray characters.
 */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text
    .slice(0, max - 1)
    .replace(/&[a-z]{0,4}$/, '')
    .replace(/<[^>]*$/, '');
  return `${cut}…`;
}

/** Splits mrkdwn into chunks of at most `max` characters, at line breaks where possible. */
export function splitLines(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) chunks.push(current);
    current = line.length <= max ? line : clipMrkdwn(line, max);
  }
  if (current) chunks.push(current);
  return chunks;
}
