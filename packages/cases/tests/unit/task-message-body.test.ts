import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TaskMessage, TaskMessageSchema, taskMessageBody } from '../../src/task-message';
import { assignment } from '../support/task-messages';

/** What SQS accepts in a message body (its documented character set), the whole body. */
const SQS_BODY = /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

const message = (form: Record<string, string | number | boolean>, name = '张三'): TaskMessage =>
  TaskMessageSchema.parse({
    ...assignment,
    type: 'task.assigned',
    applicant: { ...assignment.applicant, name },
    form,
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
