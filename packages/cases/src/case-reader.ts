import type { Actor, CaseRecord } from '@jilin/domain';
import type { PlatformDirectory, Principal } from '@jilin/platform';
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
  readonly platform: PlatformDirectory;
  /**
   * The audit trail of access by anyone but the applicant. Without one nothing is recorded
   * (unit tests); every deployed function is wired with one.
   */
  readonly audit?: AuditLog | undefined;
  /** @default () => new Date() */
  readonly now?: (() => Date) | undefined;
}

/** "My cases": whose (window staff name the applicant), and which page. */
export interface CaseListQuery {
  readonly applicant?: string | undefined;
  readonly limit?: number;
  readonly cursor?: string;
}

/** Who did something, as the timeline and the audit trail record it. */
export function actorOf(principal: Principal, platform: PlatformDirectory): Actor {
  if (principal.role === 'citizen') return { role: 'citizen', id: principal.sub };
  return {
    role: principal.role,
    id: principal.sub,
    platform: platform.code,
    ...(principal.role === 'officer' ? { department: principal.department } : {}),
  };
}

/** What an audited read needs: the store, the platform, the audit trail and the clock. */
export interface ReadDependencies {
  readonly repository: CaseRepository;
  readonly platform: PlatformDirectory;
  readonly audit: AuditLog | undefined;
  readonly now: () => Date;
}

/**
 * Reads a case for the caller, or answers as if it did not exist. Every attempt by anyone but
 * the applicant is recorded in the case's audit chain first (fail closed: no record, no read).
 * `record: false` is for the CaseService's retry of an action whose first read was recorded; the
 * package does not export this function, so nothing else can read unrecorded.
 */
export async function readCase(
  deps: ReadDependencies,
  principal: Principal,
  caseId: string,
  action: string,
  record: boolean,
): Promise<CaseRecord> {
  const found = await deps.repository.getCase(caseId);
  if (!found) throw new CaseNotFoundError(caseId);
  const allowed = canRead(principal, found, deps.platform);
  if (record && deps.audit && !isOwner(principal, found.case)) {
    await deps.audit.append(caseId, {
      at: deps.now().toISOString(),
      actor: actorOf(principal, deps.platform),
      action,
      result: allowed ? 'ok' : 'denied',
    });
  }
  if (!allowed) throw new CaseNotFoundError(caseId);
  return found;
}

/**
 * The read use cases: one case, and "my cases". The read-cases function runs these alone, so its
 * bundle holds none of the changes' code (the CaseService, which shares `readCase` for its own
 * reads, the calendar, the state machine, opening a case); README, Performance.
 */
export class CaseReader {
  readonly #deps: ReadDependencies;

  constructor(props: CaseReaderProps) {
    this.#deps = {
      repository: props.repository,
      platform: props.platform,
      audit: props.audit,
      now: props.now ?? (() => new Date()),
    };
  }

  get platform(): PlatformDirectory {
    return this.#deps.platform;
  }

  /** One case with its tasks and timeline; a case the caller may not see does not exist. */
  async getCase(principal: Principal, caseId: string): Promise<CaseView> {
    const record = await readCase(this.#deps, principal, caseId, 'read', true);
    return toCaseView(record, principal, this.#deps.platform);
  }

  /**
   * My cases (一号: by my number, across departments and channels), or, for window staff, an
   * applicant's cases by the number they present.
   */
  async listCases(principal: Principal, query: CaseListQuery): Promise<Page<CaseSummary>> {
    const { repository, platform, audit, now } = this.#deps;
    let number: string;
    if (principal.role === 'citizen') {
      number = query.applicant ?? principal.idNumber;
      if (number !== principal.idNumber && number !== principal.creditCode) {
        throw new AccessDeniedError('citizens list only their own cases', '只能查询本人的办件');
      }
    } else if (principal.role === 'window' && isStaffOf(principal, platform)) {
      if (!query.applicant) throw new ApplicantRequiredError();
      number = query.applicant;
    } else {
      throw new AccessDeniedError('no case list for this role here', '无权查询办件列表');
    }
    const page = await repository.listByApplicant(number, {
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
    if (principal.role !== 'citizen' && audit) {
      const at = now().toISOString();
      await Promise.all(
        page.items.map((c) =>
          audit.append(c.caseId, {
            at,
            actor: actorOf(principal, platform),
            action: 'list',
            result: 'ok',
          }),
        ),
      );
    }
    return page;
  }
}
