/** A zone's wall clock at an instant, to the minute, and its offset from UTC (minutes, east positive). */
export interface WallClock {
  /** "2026-03-08T03:00", comparable as text. */
  local: string;
  hour: number;
  minute: number;
  offsetMinutes: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const [year, month, day, hour, minute] = ['year', 'month', 'day', 'hour', 'minute'].map((k) =>
    Number(parts[k]),
  ) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const atMinute = Math.floor(instant.getTime() / 60_000) * 60_000;
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
  return { local, hour, minute, offsetMinutes: Math.round((asUtc - atMinute) / 60_000) };
}

/** The instant truncated to its minute: slots are minutes. */
export const toMinute = (instant: Date): Date => new Date(Math.floor(instant.getTime() / 60_000) * 60_000);

/** How a slot is keyed in the store: the minute in UTC ISO, e.g. "2026-03-08T07:00:00.000Z". */
export const slotKey = (slot: Date): string => toMinute(slot).toISOString();
