import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CaseIdSchema,
  DUE_STATES,
  type DueState,
  isNegativeRating,
  laterDue,
  newCaseId,
  RATING_LABELS,
  RATING_LEVELS,
  type RatingLevel,
  RatingSchema,
  worstDueState,
} from '../../../src/case/case';

/** Crockford base32 as ULIDs use it: digits and capitals without I, L, O and U. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CASE_ID = /^(\d{6})-(\d{8})-([0-9A-HJKMNP-TV-Z]{8})$/;

describe('Function: newCaseId', () => {
  it('returns area code, receipt date and 8 Crockford characters when given 8 random bytes', () => {
    // Prepare
    const bytes = Uint8Array.from([0, 1, 10, 17, 18, 20, 27, 31]);

    // Act
    const id = newCaseId('220100', '2026-03-15', bytes);

    // Assess
    expect(id).toBe('220100-20260315-01AHJMVZ');
  });

  it('uses each byte modulo 32, so 256 values map onto the 32 characters evenly', () => {
    // Prepare
    const bytes = Uint8Array.from([32, 63, 64, 255, 128, 200, 100, 42]);

    // Act
    const id = newCaseId('220300', '2026-12-31', bytes);

    // Assess
    expect(id).toBe('220300-20261231-0Z0Z084A');
  });

  it('ignores random bytes beyond the eighth', () => {
    // Prepare
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);

    // Act
    const id = newCaseId('220400', '2026-01-05', bytes);

    // Assess
    expect(id).toBe('220400-20260105-01234567');
  });

  it('returns a valid case id without I, L, O or U for any random bytes', () => {
    // Prepare
    const property = fc.property(fc.uint8Array({ minLength: 8, maxLength: 16 }), (bytes) => {
      // Act
      const id = newCaseId('220102', '2026-03-15', bytes);

      // Assess
      const suffix = CASE_ID.exec(id)?.[3];
      expect(suffix).toHaveLength(8);
      expect(suffix).not.toMatch(/[ILOU]/);
      expect(CaseIdSchema.safeParse(id).success).toBe(true);
    });

    fc.assert(property, { numRuns: 200 });
  });

  it('uses all 32 Crockford characters and nothing else', () => {
    // Prepare
    const used = new Set<string>();

    // Act
    for (let b = 0; b < 256; b += 8) {
      const bytes = Uint8Array.from({ length: 8 }, (_, i) => b + i);
      for (const c of newCaseId('220100', '2026-03-15', bytes).slice(-8)) used.add(c);
    }

    // Assess
    expect([...used].sort().join('')).toBe(CROCKFORD);
  });

  it('throws a RangeError when given fewer than 8 random bytes', () => {
    // Prepare
    const bytes = new Uint8Array(7);

    // Act
    const build = () => newCaseId('220100', '2026-03-15', bytes);

    // Assess
    expect(build).toThrow(RangeError);
  });

  it.each([
    { what: 'an area code of five digits', area: '22010', date: '2026-03-15' },
    { what: 'a date that is not YYYY-MM-DD', area: '220100', date: '2026-3-15' },
  ])('throws when given $what', ({ area, date }) => {
    // Prepare
    const bytes = new Uint8Array(8);

    // Act
    const build = () => newCaseId(area, date, bytes);

    // Assess
    expect(build).toThrow(/办件编号格式不正确/);
  });
});

describe('Schema: CaseIdSchema', () => {
  it('accepts a case id as newCaseId builds it', () => {
    // Act
    const result = CaseIdSchema.safeParse('220100-20260315-7K3F9Q2M');

    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    { what: 'an I', id: '220100-20260315-7K3F9Q2I' },
    { what: 'an L', id: '220100-20260315-L7K3F9Q2' },
    { what: 'an O', id: '220100-20260315-7K3O9Q2M' },
    { what: 'a U', id: '220100-20260315-7K3F9U2M' },
    { what: 'lowercase letters', id: '220100-20260315-7k3f9q2m' },
    { what: 'a suffix of 7 characters', id: '220100-20260315-7K3F9Q2' },
    { what: 'a suffix of 9 characters', id: '220100-20260315-7K3F9Q2MA' },
    { what: 'a five-digit area code', id: '22010-20260315-7K3F9Q2M' },
    { what: 'a date with hyphens', id: '220100-2026-03-15-7K3F9Q2M' },
    { what: 'no separators', id: '220100202603157K3F9Q2M' },
    { what: 'surrounding spaces', id: ' 220100-20260315-7K3F9Q2M ' },
    { what: 'a trailing line break', id: '220100-20260315-7K3F9Q2M\n' },
    { what: 'nothing', id: '' },
  ])('rejects a case id with $what', ({ id }) => {
    // Act
    const result = CaseIdSchema.safeParse(id);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('办件编号格式不正确');
  });

  it.each([
    { what: 'month 13', id: '220100-20261315-7K3F9Q2M' },
    { what: '30 February', id: '220100-20260230-7K3F9Q2M' },
  ])('rejects a case id whose receipt date is not a real date: $what', ({ id }) => {
    // Act
    const result = CaseIdSchema.safeParse(id);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('办件编号中的日期无效');
  });
});

describe('Constant: RATING_LABELS', () => {
  it.each<[RatingLevel, string, boolean]>([
    ['very_satisfied', '非常满意', false],
    ['satisfied', '满意', false],
    ['basically_satisfied', '基本满意', false],
    ['dissatisfied', '不满意', true],
    ['very_dissatisfied', '非常不满意', true],
  ])('labels %s as %s (差评: %s)', (level, label, negative) => {
    // Act
    const actual = { label: RATING_LABELS[level], negative: isNegativeRating(level) };

    // Assess
    expect(actual).toEqual({ label, negative });
  });

  it('has the five levels of 国办发〔2019〕51号 from best to worst, two of them 差评', () => {
    // Act
    const negatives = RATING_LEVELS.filter(isNegativeRating);

    // Assess
    expect(RATING_LEVELS.map((l) => RATING_LABELS[l])).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ]);
    expect(negatives).toEqual(['dissatisfied', 'very_dissatisfied']);
  });
});

describe('Schema: RatingSchema', () => {
  it('accepts a 差评 with a comment given online', () => {
    // Prepare
    const rating = {
      level: 'very_dissatisfied',
      comment: '窗口工作人员未一次性告知所需材料',
      at: '2026-03-20T08:00:00Z',
      channel: 'online',
    };

    // Act
    const parsed = RatingSchema.parse(rating);

    // Assess
    expect(isNegativeRating(parsed.level)).toBe(true);
  });

  it.each([
    {
      what: 'an unknown level',
      rating: { level: 'ok', at: '2026-03-20T08:00:00Z', channel: 'online' },
    },
    {
      what: 'a comment over 500 characters',
      rating: {
        level: 'satisfied',
        comment: '好'.repeat(501),
        at: '2026-03-20T08:00:00Z',
        channel: 'online',
      },
    },
    {
      what: 'an extra field',
      rating: { level: 'satisfied', at: '2026-03-20T08:00:00Z', channel: 'window', score: 5 },
    },
  ])('rejects a rating with $what', ({ rating }) => {
    // Act
    const result = RatingSchema.safeParse(rating);

    // Assess
    expect(result.success).toBe(false);
  });
});

describe('Function: worstDueState', () => {
  it('returns on_time for parts never flagged, as parts stored before parts were flagged are', () => {
    // Act
    const state = worstDueState([{}, { dueState: undefined }]);

    // Assess
    expect(state).toBe('on_time');
  });

  it('returns the worst of any parts’ flags, in whatever order they come', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom(...DUE_STATES), { nil: undefined })),
        (states) => {
          // Act
          const state = worstDueState(states.map((dueState) => ({ dueState })));

          // Assess
          const rank = (s: DueState | undefined) => DUE_STATES.indexOf(s ?? 'on_time');
          expect(rank(state)).toBe(Math.max(0, ...states.map(rank)));
        },
      ),
    );
  });
});

describe('Function: laterDue', () => {
  it('returns the later date with its own kind, the first when they are equal', () => {
    // Prepare
    const exact = { date: '2026-03-06', kind: 'exact' } as const;
    const provisional = { date: '2027-01-04', kind: 'provisional' } as const;
    const sameDay = { date: '2026-03-06', kind: 'provisional' } as const;

    // Act
    const results = [
      laterDue(exact, provisional),
      laterDue(provisional, exact),
      laterDue(exact, sameDay),
    ];

    // Assess
    expect(results).toEqual([provisional, provisional, exact]);
  });
});
