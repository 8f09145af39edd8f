import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TASK_MESSAGE_SCHEMA_ID,
  type TaskMessage,
  TaskMessageSchema,
  taskMessageBody,
} from '../../src/task-message';

/** What SQS accepts in a message body (its documented character set), the whole body. */
const SQS_BODY = /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

const message = (form: Record<string, string | number | boolean>, name = '张三'): TaskMessage =>
  TaskMessageSchema.parse({
    schema: TASK_MESSAGE_SCHEMA_ID,
    type: 'task.assigned',
    messageId: '220100-20260302-AB12CD34:hrss:v1',
    sentAt: '2026-03-02T02:00:00.000Z',
    platform: { slug: 'changchun', code: '220100' },
    caseId: '220100-20260302-AB12CD34',
    department: 'hrss',
    taskVersion: 1,
    decisionPath: '/v1/cases/220100-20260302-AB12CD34/tasks/hrss/decision',
    serviceCode: '220100-RS-0001',
    serviceName: '社会保障卡申领',
    partName: '社会保障卡制发',
    channel: 'online',
    submittedAt: '2026-03-02T01:59:00.000Z',
    status: 'prereview',
    due: { date: '2026-03-10', kind: 'exact' },
    applicant: { kind: 'natural', number: '11010519491231002X', name },
    form,
    materials: [],
  });

/** Any code point, lone surrogates and the noncharacters U+FFFE and U+FFFF included. */
const anyCodePoint = fc
  .oneof(
    fc.constantFrom(0x0, 0x1f, 0x7f, 0xd800, 0xdfff, 0xfffe, 0xffff, 0x1f600),
    fc.integer({ min: 0, max: 0x10ffff }),
  )
  .map((cp) => String.fromCodePoint(cp));

describe('Function: taskMessageBody', () => {
  it('writes U+FFFE and U+FFFF, which JSON.stringify leaves as they are, as JSON escapes', () => {
    // Prepare
    const m = message({ note: 'a\uFFFFb' }, '张\uFFFE三');

    // Act
    const body = taskMessageBody(m);

    // Assess
    expect(JSON.stringify(m)).not.toMatch(SQS_BODY);
    expect(body).toMatch(SQS_BODY);
    expect(body).toContain('"note":"a\\uffffb"');
    expect(body).toContain('"name":"张\\ufffe三"');
    expect(JSON.parse(body)).toEqual(m);
  });

  it('leaves a message SQS accepts as JSON.stringify writes it', () => {
    // Prepare
    const m = message({ contactAddress: '长春市南关区人民大街1号 😀', children: 2 });

    // Act
    const body = taskMessageBody(m);

    // Assess
    expect(body).toBe(JSON.stringify(m));
  });

  it('gives, for any text in the form and the name, a body SQS accepts that parses back to the message', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: anyCodePoint, maxLength: 20 }),
        fc.string({ unit: anyCodePoint, maxLength: 10 }),
        (text, name) => {
          // Prepare
          const m = message({ note: text }, name);

          // Act
          const body = taskMessageBody(m);

          // Assess
          expect(body).toMatch(SQS_BODY);
          expect(JSON.parse(body)).toEqual(m);
        },
      ),
      { numRuns: 500 },
    );
  });
});
