// Times in watch messages: stored times are UTC, so the message says so.

/** "14:05 UTC" */
export const utcClock = (iso: string): string => `${iso.slice(11, 16)} UTC`;

/** A span of time as people say it: "45 s", "12 min", "3h 12m", "2d 4h". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return `${Math.floor(Math.max(0, ms) / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h` : `${days}d`;
}
