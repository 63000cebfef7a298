// Run history keeps one row per failed run; on-call wants one line per distinct failure. The same
// failure differs between rows only in dates, ids and counts, so those become placeholders.

const NO_TEXT = '(no error text)';
const SIGNATURE_MAX = 200;

// Letters, digits and _ on either side mean the digits belong to an identifier (phase_3_analytics, v8).
const NOT_IN_WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
const NOT_IN_WORD_AFTER = '(?![\\p{L}\\p{N}_])';
const TIMESTAMP =
  /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s?UTC)?)?/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX_ID = new RegExp(`${NOT_IN_WORD_BEFORE}(?:0x)?[0-9a-f]{8,}${NOT_IN_WORD_AFTER}`, 'giu');
const NUMBER = new RegExp(`${NOT_IN_WORD_BEFORE}\\d+(?:\\.\\d+)?${NOT_IN_WORD_AFTER}`, 'gu');

/**
 * The errors column often holds a JSON array of messages (`["DependencyError: ..."]`); people
 * read the messages, not the JSON, so a string array becomes its elements joined by `; `.
 */
export function readableErrorText(text: string | null): string {
  if (!text) return '';
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'string') return parsed;
      if (Array.isArray(parsed)) {
        return parsed
          .map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
          .filter((item) => item.trim() !== '')
          .join('; ');
      }
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  return text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** A grouping key: the same failure on different dates, ids and counts gives the same signature. */
export function errorSignature(text: string | null): string {
  const normalised = oneLine(
    readableErrorText(text)
      .replace(TIMESTAMP, '<date>')
      .replace(UUID, '<id>')
      .replace(HEX_ID, (hex) => (/\d/.test(hex.replace(/^0x/i, '')) ? '<id>' : hex))
      .replace(NUMBER, '<n>'),
  );
  if (normalised === '') return NO_TEXT;
  return Array.from(normalised).length > SIGNATURE_MAX ? cut(normalised, SIGNATURE_MAX - 1) : normalised;
}

/** The first `max` characters on one line, `…` when cut (the seeds' SUBSTR(errors, 1, 100)). */
export function errorPreview(text: string | null, max = 100): string {
  const line = oneLine(readableErrorText(text));
  return line === '' ? NO_TEXT : cut(line, max);
}
