/** A table as aligned monospace lines (header first), for renderers that show code-style text. */
export function textTable(columns: string[], rows: string[][], options: { rule?: boolean } = {}): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = options.rule ? [line(widths.map((w) => '-'.repeat(w)))] : [];
  return [line(columns), ...rule, ...rows.map(line)];
}
