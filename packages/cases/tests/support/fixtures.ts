import {
  type Application,
  ApplicationSchema,
  citizenIdCheckChar,
  type Service,
  type SuppliedMaterial,
  SuppliedMaterialSchema,
} from '@jilin/domain';
import { getPlatform, type Principal, PrincipalSchema } from '@jilin/platform';
import type { CaseRepository } from '@jilin/store';
import type { CaseService } from '../../src';

/** The real Changchun platform and catalogue, as a deployment loads them. */
export const changchun = getPlatform('changchun');

function serviceNamed(predicate: (s: Service) => boolean, what: string): Service {
  const found = changchun.services.find(predicate);
  if (!found) throw new Error(`the Changchun catalogue has no ${what}`);
  return found;
}

/** 社会保障卡申领: a single-department service (人社), online and at the window, for persons. */
export const socialCard = serviceNamed(
  (s) => s.name === '社会保障卡申领' && s.parts.length === 1,
  'single-department 社会保障卡申领',
);

/** 企业开办一件事: the bundled service, one part per department. */
export const businessStart = serviceNamed(
  (s) => s.name.includes('企业开办') && s.parts.length > 1,
  'bundled 企业开办',
);

/** A service offered to organisations only: a person applying for it is the wrong applicant. */
export const clinicRegistration = serviceNamed(
  (s) => s.name.includes('医疗机构执业登记') && !s.audience.includes('natural'),
  '医疗机构执业登记 for legal persons only',
);

/** A valid 公民身份号码 (check character computed) from its first 17 digits. */
export const citizenId = (first17: string): string => first17 + citizenIdCheckChar(first17);

/** The applicant of most tests: masked as 110105********002X. */
export const ZHANG = { idNumber: '11010519491231002X', name: '张三', phone: '13800138000' };
export const LI = { idNumber: citizenId('22010219900307123'), name: '李四', phone: '13912345678' };

export const citizen = (idNumber: string, sub = `citizen-${idNumber.slice(-6)}`): Principal =>
  PrincipalSchema.parse({ role: 'citizen', sub, idNumber });
export const windowStaff = (platform = 'changchun'): Principal =>
  PrincipalSchema.parse({ role: 'window', sub: `window-${platform}`, platform });
export const officer = (department: string, platform = 'changchun'): Principal =>
  PrincipalSchema.parse({
    role: 'officer',
    sub: `officer-${platform}-${department}`,
    platform,
    department,
  });
export const admin = (platform = 'changchun'): Principal =>
  PrincipalSchema.parse({ role: 'admin', sub: `admin-${platform}`, platform });

/** Every material of the service, uploaded (or, for an identity card, from the licence library). */
export function materialsOf(service: Service, ids?: readonly string[]): SuppliedMaterial[] {
  return service.materials
    .filter((m) => ids === undefined || ids.includes(m.id))
    .map((m) =>
      SuppliedMaterialSchema.parse(
        m.id === 'id-card'
          ? {
              materialId: m.id,
              source: { kind: 'licence', licenceId: 'DZZZ-ID-0001' },
              trustLevel: 'A',
            }
          : {
              materialId: m.id,
              source: { kind: 'upload', objectKey: `uploads/${m.id}.pdf` },
              trustLevel: 'C',
            },
      ),
    );
}

export function application(
  service: Service,
  person: { idNumber: string; name: string; phone: string } = ZHANG,
  overrides: Partial<Application> = {},
): Application {
  return ApplicationSchema.parse({
    serviceCode: service.code,
    applicant: { kind: 'natural', ...person },
    form: { contactAddress: '长春市南关区人民大街1号', employed: true },
    materials: materialsOf(service),
    ...overrides,
  });
}

/** A clock the tests move: the services and the dispatcher read it through `now`. */
export const clock = { current: new Date('2026-03-02T02:00:00.000Z') };
export const now = (): Date => clock.current;
/** Sets the clock to 10:00 China time on a day (YYYY-MM-DD). */
export const setDay = (day: string): void => {
  clock.current = new Date(`${day}T10:00:00+08:00`);
};

/**
 * Files the service for the applicant and has each department accept, approve and complete its
 * part, quoting the task version it reads: a completed case, ready to be rated.
 */
export async function fileCompleted(
  cases: CaseService,
  repo: CaseRepository,
  applicant: Principal,
  service: Service,
): Promise<string> {
  const { caseId } = await cases.submit(applicant, application(service));
  for (const part of service.parts) {
    for (const action of ['accept', 'approve', 'complete'] as const) {
      const task = (await repo.getCase(caseId))?.tasks.find(
        (t) => t.department === part.department,
      );
      await cases.decide(officer(part.department), caseId, part.department, {
        action,
        expectedVersion: task?.version ?? 0,
      });
    }
  }
  return caseId;
}
