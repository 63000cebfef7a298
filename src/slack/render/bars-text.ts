import type { Bar } from '../../domain/message.js';

const WIDTH = 20;

/** Progress bars as aligned monospace lines (Slack renders code blocks in a fixed-width font). */
export function barsText(bars: Bar[]): string {
  const labelWidth = Math.max(...bars.map((b) => b.label.length + (b.nested ? 2 : 0)));
  return bars
    .map((b) => {
      const filled = b.total === 0 ? WIDTH : Math.floor((b.done / b.total) * WIDTH);
      const pct = b.total === 0 ? 100 : Math.round((b.done * 1000) / b.total) / 10;
      const label = `${b.nested ? '  ' : ''}${b.label}`.padEnd(labelWidth);
      const line = `${label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${pct.toFixed(1).padStart(5)}% ${`${b.done}/${b.total}`.padStart(9)}`;
      return b.note ? `${line}  ${b.note}` : line;
    })
    .join('\n');
}
