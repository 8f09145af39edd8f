import {
  type Application,
  ApplicationSchema,
  citizenIdCheckChar,
  creditCodeCheckChar,
} from '@jilin/domain';
import { findService, type Platform, type Principal, PrincipalSchema } from '@jilin/platform';

/**
 * The soak's submissions: valid applications to a city's catalogue, mixed single-department
 * services and bundled 一件事, filed online by the applicant or at the window. Every logical
 * submission has its own applicant (its own 一号), so the table shows at once whether it
 * became no case, one case, or two.
 */

/** A service the soak files, how often, through which channels, for which applicants. */
interface Choice {
  readonly code: string;
  readonly weight: number;
  readonly applicant: 'natural' | 'legal' | 'either';
  /** Only at the window (身份证换领, 结婚登记). */
  readonly windowOnly?: boolean;
}

/** Changchun-style catalogue codes (`<city code>-<kind>-<n>`), by their suffix. */
const MIX: readonly Choice[] = [
  // Single-department services.
  { code: 'RS-0001', weight: 14, applicant: 'natural' }, // 社会保障卡申领 (人社)
  { code: 'GA-0002', weight: 8, applicant: 'natural' }, // 户口迁移 (公安)
  { code: 'GJJ-0001', weight: 8, applicant: 'natural' }, // 住房公积金提取 (公积金)
  { code: 'JY-0001', weight: 6, applicant: 'natural' }, // 义务教育入学登记 (教育)
  { code: 'MZ-0002', weight: 5, applicant: 'natural' }, // 最低生活保障 (民政)
  { code: 'SJ-0001', weight: 5, applicant: 'natural' }, // 个体工商户设立 (市场监管)
  { code: 'RS-0002', weight: 4, applicant: 'natural' }, // 城乡居民养老保险 (人社)
  { code: 'WJ-0001', weight: 3, applicant: 'legal' }, // 医疗机构执业登记 (卫健)
  { code: 'JT-0001', weight: 3, applicant: 'either' }, // 道路货运经营许可 (交通)
  { code: 'GA-0001', weight: 3, applicant: 'natural', windowOnly: true }, // 身份证换领
  { code: 'MZ-0001', weight: 2, applicant: 'natural', windowOnly: true }, // 结婚登记
  // Bundled 一件事: one task per department.
  { code: 'YJS-0001', weight: 20, applicant: 'either' }, // 企业开办: 5 departments
  { code: 'YJS-0002', weight: 10, applicant: 'natural' }, // 新生儿出生: 4 departments
  { code: 'BDC-0001', weight: 9, applicant: 'either' }, // 不动产转移: 2 departments
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明'];
const DISTRICTS = ['220102', '220103', '220104', '220105', '220106', '220112', '220113'];

/** One logical submission: who files it, for whom, what. */
export interface Submission {
  /** 0-based, unique in the run. */
  readonly index: number;
  readonly serviceCode: string;
  /** How many department tasks the case must have. */
  readonly departments: readonly string[];
  readonly channel: 'online' | 'window';
  /** Files it: the applicant (online) or window staff. */
  readonly principal: Principal;
  readonly application: Application;
  /** The applicant's one number (公民身份号码 or 统一社会信用代码). */
  readonly applicantNumber: string;
  /** Sent as Idempotency-Key; such a client retries until it has its answer. */
  readonly idempotencyKey?: string;
}

export interface SubmissionOptions {
  readonly platform: Platform;
  readonly seed: number;
  /** Share of submissions filed at the window. @default 0.2 */
  readonly windowShare?: number;
  /** Share of submissions sent with an Idempotency-Key (and retried). @default 0.5 */
  readonly idempotentShare?: number;
}

/**
 * The i-th submission of a run, drawn from `random` (the run's seeded PRNG). Applicants are
 * unique per index: the 公民身份号码's birth date and sequence, or the credit code's body, encode it.
 */
export function makeSubmission(
  index: number,
  random: () => number,
  options: SubmissionOptions,
): Submission {
  const { platform } = options;
  const choice = pick(MIX, random);
  const serviceCode = `${platform.code}-${choice.code}`;
  const service = findService(platform, serviceCode);
  if (!service) throw new Error(`${platform.slug} has no service ${serviceCode}`);
  const channel =
    choice.windowOnly || random() < (options.windowShare ?? 0.2) ? 'window' : 'online';
  const person = {
    idNumber: citizenId(index),
    name: personName(random),
    phone: `13${String(index % 1_000_000_000).padStart(9, '0')}`,
  };
  const legal = choice.applicant === 'legal' || (choice.applicant === 'either' && random() < 0.5);
  const applicant = legal
    ? {
        kind: 'legal' as const,
        creditCode: creditCode(index, random),
        name: `长春${person.name}科技有限公司`,
        representative: { name: person.name, idNumber: person.idNumber },
        phone: person.phone,
      }
    : { kind: 'natural' as const, ...person };
  const applicantNumber = applicant.kind === 'natural' ? applicant.idNumber : applicant.creditCode;
  const materials = service.materials
    .filter((m) => m.required)
    .map((m) =>
      m.id.endsWith('id-card') || m.id === 'hukou-book' || m.id === 'business-licence'
        ? {
            materialId: m.id,
            source: { kind: 'licence', licenceId: `DZZZ-${m.id}-${index}` },
            trustLevel: 'A',
          }
        : {
            materialId: m.id,
            source: { kind: 'upload', objectKey: `uploads/soak/${index}/${m.id}.pdf` },
            trustLevel: 'C',
          },
    );
  const application = ApplicationSchema.parse({
    serviceCode,
    applicant,
    form: { contactAddress: '长春市南关区人民大街2677号', soakIndex: index },
    materials,
  });
  const principal = PrincipalSchema.parse(
    channel === 'window'
      ? { role: 'window', sub: `soak-window-${index % 7}`, platform: platform.slug }
      : {
          role: 'citizen',
          sub: `soak-citizen-${index}`,
          idNumber: person.idNumber,
          ...(legal ? { creditCode: applicantNumber } : {}),
        },
  );
  const idempotent = random() < (options.idempotentShare ?? 0.5);
  return {
    index,
    serviceCode,
    departments: service.parts.map((p) => p.department),
    channel,
    principal,
    application,
    applicantNumber,
    ...(idempotent ? { idempotencyKey: `soak-${options.seed}-${index}` } : {}),
  };
}

function pick(choices: readonly Choice[], random: () => number): Choice {
  const total = choices.reduce((sum, c) => sum + c.weight, 0);
  let r = random() * total;
  for (const c of choices) {
    r -= c.weight;
    if (r < 0) return c;
  }
  return choices[choices.length - 1] as Choice;
}

const personName = (random: () => number): string =>
  `${SURNAMES.charAt(Math.floor(random() * SURNAMES.length))}${GIVEN[Math.floor(random() * GIVEN.length)]}${GIVEN[Math.floor(random() * GIVEN.length)]}`;

/** A valid 公民身份号码 unique to the index: a birth date from 1950 on, and a sequence number. */
export function citizenId(index: number): string {
  const day = new Date(Date.UTC(1950, 0, 1) + (index % 20_000) * 86_400_000);
  const date = day.toISOString().slice(0, 10).replaceAll('-', '');
  const sequence = String(Math.floor(index / 20_000) % 1000).padStart(3, '0');
  const first17 = `${DISTRICTS[index % DISTRICTS.length]}${date}${sequence}`;
  return first17 + citizenIdCheckChar(first17);
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 unique to the index (enterprise, registered in Changchun). */
function creditCode(index: number, random: () => number): string {
  let body = '';
  let n = index;
  for (let i = 0; i < 6; i++) {
    body = CREDIT_ALPHABET.charAt(n % 31) + body;
    n = Math.floor(n / 31);
  }
  const tail = CREDIT_ALPHABET.charAt(Math.floor(random() * 31));
  const first17 = `91220100${'MA'}${body}${tail}`;
  return first17 + creditCodeCheckChar(first17);
}
