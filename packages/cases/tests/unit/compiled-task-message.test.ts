import { assertCompiledFidelity } from '@jilin/domain/testing';
import { describe, it } from 'vitest';
import { TaskMessageSchema } from '../../src/task-message';
import { assignment, common } from '../support/task-messages';

/**
 * The dispatcher builds every task message through TaskMessageSchema on the process's tiered
 * parser (zod's compiled parser once hot): a department back-end must get the same message either
 * way, and a message the contract refuses must be refused either way.
 */

describe('compiled task message', () => {
  it('zod compiles it, and the compiled parser builds and refuses messages as the interpreter does', () => {
    assertCompiledFidelity(TaskMessageSchema, [
      { ...assignment, type: 'task.assigned' },
      {
        ...assignment,
        type: 'task.resubmitted',
        taskVersion: 3,
        messageId: '220100-20260302-AB12CD34:hrss:v3',
        applicant: {
          kind: 'legal',
          number: '91350100M000100Y43',
          name: '吉林省某某科技有限公司',
          representativeName: '李四',
        },
      },
      { ...common, type: 'task.withdrawn' },
    ]);
  });
});
