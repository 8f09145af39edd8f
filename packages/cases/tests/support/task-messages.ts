import { TASK_MESSAGE_SCHEMA_ID } from '../../src/task-message';

/** What every task message carries, for one task of a 社会保障卡申领 case. */
export const common = {
  schema: TASK_MESSAGE_SCHEMA_ID,
  messageId: '220100-20260302-AB12CD34:hrss:v1',
  sentAt: '2026-03-02T02:00:00.000Z',
  platform: { slug: 'changchun', code: '220100' },
  caseId: '220100-20260302-AB12CD34',
  department: 'hrss',
  taskVersion: 1,
  decisionPath: '/v1/cases/220100-20260302-AB12CD34/tasks/hrss/decision',
};
/** A task.assigned message without its `type`: the fields an assignment carries. */
export const assignment = {
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
