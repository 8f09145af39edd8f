import { DepartmentIdSchema } from '@jilin/domain';
import { AuditLog } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src';
import {
  application,
  changchun,
  citizen,
  LI,
  now,
  officer,
  socialCard,
  windowStaff,
  ZHANG,
} from '../support/fixtures';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let audit: AuditLog;
let cases: CaseService;

beforeAll(async () => {
  table = await createTestTable();
  audit = new AuditLog({ client: table.client, tableName: table.tableName });
  cases = new CaseService({ repository: table.repository, platform: changchun, now, audit });
});
afterAll(() => table.close());

const zhang = citizen(ZHANG.idNumber);

describe('Class: CaseService (audit trail)', () => {
  it('records nothing when the applicant reads and changes their own case', async () => {
    // Prepare
    const { caseId } = await cases.submit(zhang, application(socialCard, ZHANG));

    // Act
    await cases.getCase(zhang, caseId);
    await cases.withdraw(zhang, caseId, {});

    // Assess
    expect(await audit.chain(caseId)).toEqual([]);
  });

  it('records every access by staff and other citizens: who, role, what, when, result', async () => {
    // Prepare
    const { caseId } = await cases.submit(zhang, application(socialCard, ZHANG));
    const hrss = officer('hrss');

    // Act
    await cases.getCase(hrss, caseId);
    await cases.decide(hrss, caseId, DepartmentIdSchema.parse('hrss'), {
      action: 'accept',
      expectedVersion: 1,
    });
    await cases.getCase(windowStaff(), caseId);
    await expect(cases.getCase(citizen(LI.idNumber), caseId)).rejects.toThrow();
    await expect(cases.getCase(officer('civil-affairs'), caseId)).rejects.toThrow();
    await cases.listCases(windowStaff(), { applicant: ZHANG.idNumber });

    // Assess
    const chain = await audit.chain(caseId);
    expect(chain.map((r) => [r.actor.role, r.actor.department, r.action, r.result])).toEqual([
      ['officer', 'hrss', 'read', 'ok'],
      ['officer', 'hrss', 'decide:accept', 'ok'],
      ['window', undefined, 'read', 'ok'],
      ['citizen', undefined, 'read', 'denied'],
      ['officer', 'civil-affairs', 'read', 'denied'],
      ['window', undefined, 'list', 'ok'],
    ]);
    expect(chain.every((r) => r.actor.id)).toBe(true);
    // Every record at the service's clock, the reads' included (the CaseReader's clock is its).
    expect(new Set(chain.map((r) => r.at))).toEqual(new Set([now().toISOString()]));
    expect(JSON.stringify(chain)).not.toContain(ZHANG.idNumber);
    expect(await audit.verify(caseId)).toMatchObject({ ok: true, records: 6 });
  });

  it('records a staff change the rules refuse, with the refusal’s code', async () => {
    // Prepare
    const { caseId } = await cases.submit(zhang, application(socialCard, ZHANG));

    // Act
    await expect(
      cases.decide(officer('hrss'), caseId, DepartmentIdSchema.parse('hrss'), {
        action: 'approve',
        expectedVersion: 1,
      }),
    ).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });

    // Assess
    const chain = await audit.chain(caseId);
    expect(chain.map((r) => [r.action, r.result])).toEqual([
      ['decide:approve', 'ok'],
      ['decide:approve', 'refused:ILLEGAL_TRANSITION'],
    ]);
  });

  it('starts no chain for a case id that does not exist', async () => {
    // Act
    await expect(
      cases.decide(
        officer('hrss'),
        '220100-20260302-ZZZZZZZZ',
        DepartmentIdSchema.parse('civil-affairs'),
        {
          action: 'accept',
          expectedVersion: 1,
        },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Assess
    expect(await audit.chain('220100-20260302-ZZZZZZZZ')).toEqual([]);
  });
});
