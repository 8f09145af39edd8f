import type { Actor, CaseRecord } from '@jilin/domain';
import type { Platform, Principal } from '@jilin/platform';
import {
  type AuditLog,
  CaseNotFoundError,
  type CaseRepository,
  type CaseSummary,
  type Page,
} from '@jilin/store';
import { canRead, isOwner, isStaffOf } from './access';
import type { CaseView } from './api-responses';
import { AccessDeniedError, ApplicantRequiredError } from './errors';
import { toCaseView } from './views';

export interface CaseReaderProps {
  readonly repository: CaseRepository;
  /** The platform (city or province) this deployment serves. */
  readonly platform: Platform;
  /**
   * The audit trail of access by anyone but the applicant. Without one nothing is recorded
   * (unit tests); every deployed function is wired with one.
   */
  readonly audit?: AuditLog | undefined;
  /** @default () => new Date() */
  readonly now?: (() => Date) | undefined;
}

/** Who did something, as the timeline and the audit trail record it. */
export function actorOf(principal: Principal, platform: Platform): Actor {
  if (principal.role === 'citizen') return { role: 'citizen', id: principal.sub };
  return {
    role: principal.role,
    id: principal.sub,
    platform: platform.code,
    ...(principal.role === 'officer' ? { department: principal.department } : {}),
  };
}

/**
 * The read use cases: one case, and "my cases". The read-cases function runs these alone, so its
 * bundle holds none of the changes' code (CaseService, which uses a reader for its own reads,
 * the calendar, the state machine, opening a case); README, Performance.
 */
export class CaseReader {
  readonly #repo: CaseRepository;
  readonly #platform: Platform;
  readonly #audit: AuditLog | undefined;
  readonly #now: () => Date;

  constructor(props: CaseReaderProps) {
    this.#repo = props.repository;
    this.#platform = props.platform;
    this.#audit = props.audit;
    this.#now = props.now ?? (() => new Date());
  }

  get platform(): Platform {
    return this.#platform;
  }

  /** One case with its tasks and timeline; a case the caller may not see does not exist. */
  async getCase(principal: Principal, caseId: string): Promise<CaseView> {
    const record = await this.readable(principal, caseId, 'read');
    return toCaseView(record, principal, this.#platform);
  }

  /**
   * My cases (一号: by my number, across departments and channels), or, for window staff, an
   * applicant's cases by the number they present.
   */
  async listCases(
    principal: Principal,
    query: {
      readonly applicant?: string | undefined;
      readonly limit?: number;
      readonly cursor?: string;
    },
  ): Promise<Page<CaseSummary>> {
    let number: string;
    if (principal.role === 'citizen') {
      number = query.applicant ?? principal.idNumber;
      if (number !== principal.idNumber && number !== principal.creditCode) {
        throw new AccessDeniedError('citizens list only their own cases', '只能查询本人的办件');
      }
    } else if (principal.role === 'window' && isStaffOf(principal, this.#platform)) {
      if (!query.applicant) throw new ApplicantRequiredError();
      number = query.applicant;
    } else {
      throw new AccessDeniedError('no case list for this role here', '无权查询办件列表');
    }
    const page = await this.#repo.listByApplicant(number, {
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
    if (principal.role !== 'citizen' && this.#audit) {
      const audit = this.#audit;
      const at = this.#now().toISOString();
      await Promise.all(
        page.items.map((c) =>
          audit.append(c.caseId, {
            at,
            actor: actorOf(principal, this.#platform),
            action: 'list',
            result: 'ok',
          }),
        ),
      );
    }
    return page;
  }

  /**
   * Reads a case for the caller, or answers as if it did not exist. Every attempt by anyone but
   * the applicant is recorded in the case's audit chain first (fail closed: no record, no read);
   * `audit: false` for a retry of the same action, whose first attempt was recorded.
   */
  async readable(
    principal: Principal,
    caseId: string,
    action: string,
    audit = true,
  ): Promise<CaseRecord> {
    const record = await this.#repo.getCase(caseId);
    if (!record) throw new CaseNotFoundError(caseId);
    const allowed = canRead(principal, record, this.#platform);
    if (audit && this.#audit && !isOwner(principal, record.case)) {
      await this.#audit.append(caseId, {
        at: this.#now().toISOString(),
        actor: actorOf(principal, this.#platform),
        action,
        result: allowed ? 'ok' : 'denied',
      });
    }
    if (!allowed) throw new CaseNotFoundError(caseId);
    return record;
  }
}
