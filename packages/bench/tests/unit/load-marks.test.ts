import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { type Mark, markers, selfTimes } from '../../src/load-marks';

const m = (file: string, edge: 0 | 1, at: number): Mark => ({ file, edge, at });

describe('Function: selfTimes', () => {
  it('returns each module its own span when modules run one after another', () => {
    // Act
    const times = selfTimes([m('a', 0, 0), m('a', 1, 2), m('b', 0, 2), m('b', 1, 7)]);

    // Assess
    expect(Object.fromEntries(times)).toEqual({ a: 2, b: 5 });
  });

  it('returns a module its span less the modules that ran inside it', () => {
    // Prepare: b is initialised lazily while a runs
    const marks = [m('a', 0, 0), m('b', 0, 1), m('b', 1, 4), m('a', 1, 10)];

    // Act
    const times = selfTimes(marks);

    // Assess
    expect(Object.fromEntries(times)).toEqual({ a: 7, b: 3 });
  });

  it('throws when the markers do not nest', () => {
    // Act & Assess
    expect(() => selfTimes([m('a', 0, 0), m('b', 1, 1)])).toThrow(/unbalanced/);
    expect(() => selfTimes([m('a', 0, 0)])).toThrow(/unbalanced/);
  });
});

describe('Plugin: markers', () => {
  it('marks the start and end of every ES module and JSON file, leaves CommonJS alone', async () => {
    // Prepare: an entry importing an ES module, a JSON file and a CommonJS module
    const dir = mkdtempSync(join(tmpdir(), 'load-marks-test-'));
    writeFileSync(join(dir, 'a.mjs'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'data.json'), '{"x": 2}\n');
    writeFileSync(join(dir, 'c.cjs'), 'module.exports = { c: 3 };\n');
    writeFileSync(
      join(dir, 'entry.mjs'),
      "import { a } from './a.mjs';\nimport data from './data.json';\nimport c from './c.cjs';\nexport const sum = a + data.x + c.c;\n",
    );

    try {
      // Act
      const result = await build({
        entryPoints: [join(dir, 'entry.mjs')],
        bundle: true,
        format: 'esm',
        platform: 'node',
        write: false,
        plugins: [markers(dir)],
        logLevel: 'silent',
      });
      const url = `data:text/javascript,${encodeURIComponent(result.outputFiles[0]?.text ?? '')}`;
      const before = (globalThis as { __jilinMarks?: unknown[] }).__jilinMarks?.length ?? 0;
      const mod = (await import(url)) as { sum: number };
      const marks = (
        (globalThis as { __jilinMarks?: [string, number, number][] }).__jilinMarks ?? []
      ).slice(before);

      // Assess
      expect(mod.sum).toBe(6);
      expect(marks.map(([file, edge]) => `${file}:${edge}`)).toEqual([
        'a.mjs:0',
        'a.mjs:1',
        'data.json:0',
        'data.json:1',
        'entry.mjs:0',
        'entry.mjs:1',
      ]);
      const times = selfTimes(marks.map(([file, edge, at]) => ({ file, edge: edge as 0 | 1, at })));
      expect([...times.keys()].sort()).toEqual(['a.mjs', 'data.json', 'entry.mjs']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
