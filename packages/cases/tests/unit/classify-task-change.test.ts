import { type Status, type Task, TaskSchema } from '@jilin/domain';
import { describe, expect, it } from 'vitest';
import { classifyTaskChange, type TaskMessageType } from '../../src';

const task = (status: Status, version: number): Task =>
  TaskSchema.parse({
    caseId: '220100-20260302-7K3F9Q2M',
    department: 'tax',
    partName: '税务登记',
    status,
    version,
    due: { date: '2026-03-03', kind: 'exact' },
    materials: ['tax-contacts'],
    updatedAt: '2026-03-02T02:00:00.000Z',
  });

describe('Function: classifyTaskChange', () => {
  it.each<[string, Task | undefined, Task | undefined, TaskMessageType | undefined]>([
    ['a new task at 申报 (INSERT)', undefined, task('submitted', 1), 'task.assigned'],
    ['a new task not at 申报', undefined, task('prereview', 1), undefined],
    [
      'the dispatcher’s own 申报 → 预审 mark',
      task('submitted', 1),
      task('prereview', 2),
      undefined,
    ],
    ['a 补正 notice', task('prereview', 2), task('correction_requested', 3), undefined],
    [
      'the applicant’s 补正 (补正 → 预审)',
      task('correction_requested', 3),
      task('prereview', 4),
      'task.resubmitted',
    ],
    ['a withdrawal at 申报', task('submitted', 1), task('withdrawn', 2), 'task.withdrawn'],
    ['a withdrawal at 预审', task('prereview', 2), task('withdrawn', 3), 'task.withdrawn'],
    [
      'a withdrawal during 补正',
      task('correction_requested', 3),
      task('withdrawn', 4),
      'task.withdrawn',
    ],
    ['a withdrawal after 受理', task('accepted', 3), task('withdrawn', 4), 'task.withdrawn'],
    ['a withdrawn task touched again', task('withdrawn', 2), task('withdrawn', 3), undefined],
    ['受理', task('prereview', 2), task('accepted', 3), undefined],
    ['不予受理', task('prereview', 2), task('rejected', 3), undefined],
    ['准予', task('accepted', 3), task('approved', 4), undefined],
    ['不予', task('accepted', 3), task('denied', 4), undefined],
    ['办结', task('approved', 4), task('completed', 5), undefined],
    ['送达', task('completed', 5), task('delivered', 6), undefined],
    ['a removed item (REMOVE)', task('submitted', 1), undefined, undefined],
    [
      'the overdue scan’s flag on a part (its status and version kept)',
      task('accepted', 3),
      { ...task('accepted', 3), dueState: 'overdue' },
      undefined,
    ],
    [
      'a part flagged while new, before the dispatcher marked it received',
      task('submitted', 1),
      { ...task('submitted', 1), dueState: 'due_soon' },
      undefined,
    ],
  ])('classifies %s', (_, old, next, expected) => {
    // Act
    const type = classifyTaskChange(old, next);

    // Assess
    expect(type).toBe(expected);
  });
});
