import { describe, expect, it } from 'vitest';
import type { Submission } from '../../src/soak/applications';
import type { SubmissionOutcome } from '../../src/soak/submit';
import { type TableCase, verify } from '../../src/soak/verify';

const submission = {
  index: 0,
  serviceCode: '220100-RS-0001',
  departments: ['hrss'],
  channel: 'online',
  applicantNumber: '11010519491231002X',
} as unknown as Submission;
const outcomes = new Map<number, SubmissionOutcome>([
  [0, { kind: 'accepted', caseId: '220100-20261126-AAAAAAAA', attempts: 1 }],
]);
const completed: TableCase = {
  caseId: '220100-20261126-AAAAAAAA',
  status: 'completed',
  applicantNumber: '11010519491231002X',
  tasks: new Map([['hrss', { status: 'completed' }]]),
  decisions: new Map([
    ['hrss:accept', 1],
    ['hrss:approve', 1],
    ['hrss:complete', 1],
  ]),
};
const delivered = new Set(['220100-20261126-AAAAAAAA:hrss']);
const table = (strayItems: number) => ({
  cases: new Map([[completed.caseId, completed]]),
  strayItems,
});

describe('Soak: verify', () => {
  it('passes a table that holds the submission’s case and nothing else', () => {
    const verdict = verify([submission], outcomes, table(0), delivered);
    expect(verdict).toMatchObject({ cases: 1, tasks: 1, lost: 0, duplicated: 0, problems: [] });
  });

  it('counts items outside the submissions’ cases as written when they should not have been', () => {
    const verdict = verify([submission], outcomes, table(3), delivered);
    expect(verdict.duplicated).toBe(3);
    expect(verdict.problems).toEqual([
      '3 items in the table outside the cases the submissions filed',
    ]);
  });

  it('reports a table count below what the cases hold as a loss', () => {
    const verdict = verify([submission], outcomes, table(-2), delivered);
    expect(verdict.lost).toBe(2);
    expect(verdict.problems).toEqual([
      "the table counts 2 items fewer than the cases' partitions hold",
    ]);
  });
});
