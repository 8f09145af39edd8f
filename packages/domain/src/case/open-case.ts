import { addWorkingDays, type DeadlineResult } from '../calendar/deadline';
import { toChinaDate } from '../calendar/plain-date';
import { officialCalendar, type WorkingCalendar } from '../calendar/working-calendar';
import type { Service } from '../service-guide';
import { type Application, checkApplication } from './application';
import type { Actor, CaseId, CaseRecord, Due } from './case';
import { STATUS_TEXT } from './state-machine';

export interface OpenCaseInput {
  readonly service: Service;
  readonly application: Application;
  /** The applicant online (citizen), or window staff filing on their behalf (一窗). */
  readonly filedBy: Actor;
  /** GB/T 2260 code of the receiving platform. */
  readonly platform: string;
  readonly caseId: CaseId;
  /** The instant of receipt (ISO 8601). */
  readonly now: string;
  readonly calendar?: WorkingCalendar;
}

const dueOf = (result: DeadlineResult): Due => ({ date: result.due, kind: result.kind });

/**
 * A new case from an application: one task per deciding department, each with its 承诺时限
 * counted in working days from the day of receipt (China time), and the first timeline entry.
 * The channel follows from who files: window staff file at the window, anyone else online.
 * @throws InvalidApplicationError when the application does not fit the service.
 */
export function openCase(input: OpenCaseInput): CaseRecord {
  const { service, application, filedBy, caseId, now } = input;
  if (filedBy.role !== 'citizen' && filedBy.role !== 'window') {
    throw new RangeError(`a ${filedBy.role} cannot file an application`);
  }
  const channel = filedBy.role === 'window' ? 'window' : 'online';
  checkApplication(service, application, channel);
  const calendar = input.calendar ?? officialCalendar;
  const receivedOn = toChinaDate(now);

  return {
    case: {
      caseId,
      platform: input.platform,
      serviceCode: service.code,
      serviceName: service.name,
      applicant: application.applicant,
      channel,
      filedBy,
      form: application.form,
      materials: application.materials,
      status: 'submitted',
      outcome: 'pending',
      version: 1,
      submittedAt: now,
      due: dueOf(addWorkingDays(receivedOn, service.promisedLimitDays, calendar)),
      dueState: 'on_time',
      updatedAt: now,
    },
    tasks: service.parts.map((part) => ({
      caseId,
      department: part.department,
      partName: part.name,
      status: 'submitted',
      version: 1,
      due: dueOf(addWorkingDays(receivedOn, part.promisedLimitDays, calendar)),
      materials: part.materials,
      receivedAt: now,
      updatedAt: now,
    })),
    timeline: [
      {
        caseId,
        seq: 1,
        at: now,
        actor: filedBy,
        event: 'submit',
        status: 'submitted',
        citizenText:
          channel === 'window'
            ? `综合受理窗口已代为提交您的“${service.name}”申请。`
            : STATUS_TEXT.submitted.citizenZh,
      },
    ],
  };
}
