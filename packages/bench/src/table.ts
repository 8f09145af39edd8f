/** Plain-text tables for the terminal, aligned by display width (CJK characters are two wide). */

export interface Column<R> {
  readonly header: string;
  readonly value: (row: R) => string;
  /** @default 'left' */
  readonly align?: 'left' | 'right';
}

/** East Asian wide and fullwidth characters take two columns in a terminal. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** A table with a header row and a rule under it; columns two spaces apart, no trailing space. */
export function formatTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => pad(v, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}

/** 1234567 → `1205.6 KiB`; under 10 KiB in bytes. */
export function formatBytes(bytes: number): string {
  if (bytes < 10 * 1024) return `${Math.round(bytes)} B`;
  if (bytes < 10 * 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** Milliseconds with a precision that suits their size. */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** A number with up to `digits` decimals, trailing zeros dropped: 2.50 → `2.5`, 3.00 → `3`. */
export function formatNumber(value: number, digits = 2): string {
  return Number(value.toFixed(digits)).toString();
}

/** A section heading: the title underlined. */
export function heading(title: string): string {
  return `${title}\n${'='.repeat(displayWidth(title))}`;
}
