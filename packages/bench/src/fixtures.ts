import {
  type Application,
  ApplicationSchema,
  type CaseRecord,
  citizenIdCheckChar,
  newCaseId,
  openCase,
  type Status,
  type SuppliedMaterial,
  type TimelineEntry,
} from '@jilin/domain';
import {
  claimsFromPrincipal,
  findService,
  getPlatform,
  type Principal,
  PrincipalSchema,
} from '@jilin/platform';
import { BENCH_PLATFORM } from './lambda-env';

/** The applications, people and tokens' claims every measurement uses: Changchun's catalogue. */

export const platform = getPlatform(BENCH_PLATFORM);

export const SERVICES = {
  /** 社会保障卡申领: one part (人社, hrss). */
  single: '220100-RS-0001',
  /** 企业开办一件事: five parts (market-regulation, public-security, tax, hrss, housing-fund). */
  bundled: '220100-YJS-0001',
} as const;

/** The materials each scenario supplies (企业开办: a natural-person founder). */
const SUPPLIED: Readonly<Record<string, readonly string[]>> = {
  [SERVICES.single]: ['id-card', 'photo'],
  [SERVICES.bundled]: [
    'application',
    'articles',
    'founder-id-card',
    'officers',
    'premises',
    'seal-form',
    'tax-contacts',
    'housing-fund-form',
  ],
};

export interface Person {
  readonly idNumber: string;
  readonly name: string;
  readonly phone: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['建国', '秀英', '志强', '丽娟', '海涛', '春梅', '永刚', '晓燕', '德明', '桂兰'];

/** The n-th person: a valid 公民身份号码 of 长春市朝阳区, a name, a mobile number. */
export function person(n: number): Person {
  const year = 1950 + (n % 50);
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const sequence = String(n % 1000).padStart(3, '0');
  const first17 = `220104${year}${month}${day}${sequence}`;
  return {
    idNumber: first17 + citizenIdCheckChar(first17),
    name: `${SURNAMES[n % 10]}${GIVEN[Math.floor(n / 10) % 10]}`,
    phone: `1360431${String(n % 10_000).padStart(4, '0')}`,
  };
}

/** An application of `person` for themselves, with the scenario's materials. */
export function application(serviceCode: string, applicant: Person, n = 0): Application {
  const service = findService(platform, serviceCode);
  if (!service) throw new Error(`no service ${serviceCode} on ${platform.slug}`);
  const ids = SUPPLIED[serviceCode] ?? service.materials.filter((m) => m.required).map((m) => m.id);
  const materials: SuppliedMaterial[] = ids.map((id) =>
    id.endsWith('id-card')
      ? {
          materialId: id,
          source: { kind: 'licence', licenceId: `DZZZ-2201-${id}-${n}` },
          trustLevel: 'A',
        }
      : {
          materialId: id,
          source: {
            kind: 'upload',
            objectKey: `uploads/2026/${String(n).padStart(6, '0')}/${id}.pdf`,
          },
          trustLevel: 'C',
        },
  );
  return ApplicationSchema.parse({
    serviceCode,
    applicant: { kind: 'natural', ...applicant },
    form: { contactAddress: '长春市朝阳区人民大街2677号' },
    materials,
  });
}

export const citizen = (p: Person): Principal =>
  PrincipalSchema.parse({
    role: 'citizen',
    sub: `citizen-${p.idNumber.slice(-6)}`,
    idNumber: p.idNumber,
  });
export const officer = (department: string): Principal =>
  PrincipalSchema.parse({
    role: 'officer',
    sub: `officer-${platform.slug}-${department}`,
    platform: platform.slug,
    department,
  });

/** The claims API Gateway's JWT authorizer passes on (strings). */
export const claimsOf = (principal: Principal): Record<string, string> =>
  claimsFromPrincipal(principal);

/** A deterministic byte source (for case numbers in the filled tables). */
export function counterBytes(seed: number): (size: number) => Uint8Array {
  let state = seed >>> 0;
  return (size) => {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      bytes[i] = state >>> 24;
    }
    return bytes;
  };
}

/** Where a filled case stands; the mix of a city's table in steady state. */
export type FillState = 'submitted' | 'prereview' | 'accepted' | 'completed' | 'delivered';

const STATE_PATH: Readonly<Record<FillState, readonly TimelineEntry['event'][]>> = {
  submitted: ['submit'],
  prereview: ['submit', 'dispatch'],
  accepted: ['submit', 'dispatch', 'accept'],
  completed: ['submit', 'dispatch', 'accept', 'approve', 'complete'],
  delivered: ['submit', 'dispatch', 'accept', 'approve', 'complete', 'deliver'],
};
const STATE_STATUS: Readonly<Record<FillState, Status>> = {
  submitted: 'submitted',
  prereview: 'prereview',
  accepted: 'accepted',
  completed: 'completed',
  delivered: 'delivered',
};

/**
 * A case as the repository would hold it after the path to `state` (one timeline entry per
 * change, the version counting them), opened `daysAgo` days before `now`.
 */
export function filledCase(input: {
  readonly serviceCode: string;
  readonly applicant: Person;
  readonly state: FillState;
  readonly daysAgo: number;
  readonly now: Date;
  readonly random: (size: number) => Uint8Array;
  readonly n: number;
}): CaseRecord {
  const service = findService(platform, input.serviceCode);
  if (!service) throw new Error(`no service ${input.serviceCode}`);
  const submittedAt = new Date(input.now.getTime() - input.daysAgo * 86_400_000 - 3_600_000);
  const at = submittedAt.toISOString();
  const day = at.slice(0, 10);
  const opened = openCase({
    service,
    application: application(input.serviceCode, input.applicant, input.n),
    filedBy: { role: 'citizen', id: `citizen-${input.applicant.idNumber.slice(-6)}` },
    platform: platform.code,
    caseId: newCaseId(platform.code, day, input.random(8)),
    now: at,
  });
  const path = STATE_PATH[input.state];
  const status = STATE_STATUS[input.state];
  const outcome =
    input.state === 'completed' || input.state === 'delivered' ? 'approved' : 'pending';
  const timeline: TimelineEntry[] = path.map((event, i) => ({
    caseId: opened.case.caseId,
    seq: i + 1,
    at,
    actor: i === 0 ? opened.case.filedBy : { role: 'system', id: 'bench-fill' },
    event,
    status: i === path.length - 1 ? status : 'prereview',
    citizenText: i === 0 ? '您的申请已提交。' : '办件状态已更新。',
  }));
  return {
    case: { ...opened.case, status, outcome, version: path.length },
    tasks: opened.tasks.map((t) => ({
      ...t,
      status,
      version: Math.max(1, path.length - 1),
      ...(outcome === 'approved'
        ? {
            decision: {
              outcome: 'approved' as const,
              by: { role: 'officer' as const, id: 'bench-officer', department: t.department },
              at,
            },
          }
        : {}),
    })),
    timeline,
  };
}
