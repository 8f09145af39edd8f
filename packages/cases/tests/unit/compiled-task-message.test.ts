import { assertCompiledFidelity } from '@jilin/domain/testing';
import { describe, it } from 'vitest';
import { TASK_MESSAGE_SCHEMA_ID, TaskMessageSchema } from '../../src/task-message';

/**
 * The dispatcher builds every task message through TaskMessageSchema on the process's tiered
 * parser (zod's compiled parser once hot): a department back-end must get the same message either
 * way, and a message the contract refuses must be refused either way.
 */

const common = {
  schema: TASK_MESSAGE_SCHEMA_ID,
  messageId: '220100-20260302-AB12CD34:hrss:v1',
  sentAt: '2026-03-02T02:00:00.000Z',
  platform: { slug: 'changchun', code: '220100' },
  caseId: '220100-20260302-AB12CD34',
  department: 'hrss',
  taskVersion: 1,
  decisionPath: '/v1/cases/220100-20260302-AB12CD34/tasks/hrss/decision',
};
const assignment = {
  ...common,
  serviceCode: '220100-RS-0001',
  serviceName: '社会保障卡申领',
  partName: '社会保障卡制发',
  channel: 'online',
  submittedAt: '2026-03-02T01:59:00.000Z',
  status: 'prereview',
  due: { date: '2026-03-10', kind: 'exact' },
  applicant: { kind: 'natural', number: '11010519491231002X', name: '张三' },
  form: { contactAddress: '长春市南关区人民大街1号', employed: true, children: 2 },
  materials: [
    {
      materialId: 'photo',
      name: '近期免冠照片',
      source: { kind: 'upload', objectKey: 'uploads/photo.pdf' },
      trustLevel: 'C',
    },
  ],
};

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
