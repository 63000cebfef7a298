import type { Bar } from '../../domain/message.js';

const WIDTH = 20;
/**
 * The longest code line that shows unwrapped in a message at 900 px (Slack and the stand-in wrap
 * code blocks): a note that would make a row longer goes on its own line, under the bar.
 */
export const CODE_LINE = 68;

/** Progress bars as aligned monospace lines (Slack renders code blocks in a fixed-width font). */
export function barsText(bars: Bar[]): string {
  const labelWidth = Math.max(...bars.map((b) => b.label.length + (b.nested ? 2 : 0)));
  const countWidth = Math.max(...bars.map((b) => `${b.done}/${b.total}`.length));
  return bars
    .flatMap((b) => {
      const filled = b.total === 0 ? WIDTH : Math.floor((b.done / b.total) * WIDTH);
      const pct = b.total === 0 ? 100 : Math.round((b.done * 1000) / b.total) / 10;
      const label = `${b.nested ? '  ' : ''}${b.label}`.padEnd(labelWidth);
      const line = `${label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${pct.toFixed(1).padStart(5)}% ${`${b.done}/${b.total}`.padStart(countWidth)}`;
      if (!b.note) return [line];
      if (line.length + 2 + b.note.length <= CODE_LINE) return [`${line}  ${b.note}`];
      // Under the bar, or nearer the margin when the note is too long for that.
      const indent = labelWidth + 1 + b.note.length <= CODE_LINE ? labelWidth + 1 : 4;
      return [line, `${' '.repeat(indent)}${b.note}`];
    })
    .join('\n');
}
