import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_FILE,
  libraryData,
  renderOfficialArrangements,
} from '../../../scripts/generate-calendar';
import {
  DAYS_OFF,
  SOURCE,
  WEEKENDS_WORKED,
} from '../../../src/calendar/official-arrangements.generated';

describe('Generated: official-arrangements.generated.ts', () => {
  it('is what the installed chinese-days generates (npm run generate)', () => {
    // Act
    const generated = renderOfficialArrangements();

    // Assess
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generated);
  });

  it('holds every day off and weekend worked of the library data, and nothing else', () => {
    // Prepare
    const { version, data } = libraryData();
    const expand = (byYear: Readonly<Record<number, string>>) =>
      Object.entries(byYear).flatMap(([year, days]) =>
        days.split(' ').map((d) => `${year}-${d.slice(0, 2)}-${d.slice(2)}`),
      );

    // Act
    const daysOff = expand(DAYS_OFF);
    const weekendsWorked = expand(WEEKENDS_WORKED);

    // Assess
    expect(SOURCE).toBe(`chinese-days@${version}`);
    expect(daysOff).toEqual(Object.keys(data.holidays).sort());
    expect(weekendsWorked).toEqual(Object.keys(data.workdays).sort());
  });
});
