import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  formatBytes,
  formatMs,
  formatNumber,
  formatRatio,
  formatTable,
} from '../../src';

describe('tables', () => {
  it('counts CJK characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('一件事')).toBe(6);
    expect(displayWidth('bundled 一件事')).toBe(14);
  });

  it('aligns columns left or right under a rule, without trailing spaces', () => {
    const text = formatTable(
      [
        { header: 'name', value: (r: { name: string; n: number }) => r.name },
        { header: 'n', value: (r) => String(r.n), align: 'right' },
      ],
      [
        { name: '一件事', n: 5 },
        { name: 'submit', n: 123 },
      ],
    );
    expect(text.split('\n')).toEqual(['name      n', '------  ---', '一件事    5', 'submit  123']);
  });

  it('formats bytes, milliseconds, ratios and numbers', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_151_761)).toBe('1124.8 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.00 MiB');
    expect(formatMs(123.4)).toBe('123 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatRatio(1.234)).toBe('1.23×');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(3)).toBe('3');
  });
});
