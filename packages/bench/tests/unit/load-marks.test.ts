import { describe, expect, it } from 'vitest';
import { type Mark, selfTimes } from '../../src/load-marks';

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
