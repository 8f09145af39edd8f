import { applicantNumber, type Case, type CaseRecord } from '@jilin/domain';
import type { PlatformDirectory, Principal } from '@jilin/platform';

/** The applicant themselves: their 公民身份号码, or the organisation they act for. */
export function isOwner(principal: Principal, c: Pick<Case, 'applicant'>): boolean {
  if (principal.role !== 'citizen') return false;
  const number = applicantNumber(c.applicant);
  return c.applicant.kind === 'natural'
    ? number === principal.idNumber
    : principal.creditCode !== undefined && number === principal.creditCode;
}

/**
 * Whether the caller is the person whose 公民身份号码 the applicant carries: the applicant
 * themselves, or an organisation's legal representative (not its other agents).
 */
export function holdsApplicantIdNumber(principal: Principal, c: Pick<Case, 'applicant'>): boolean {
  if (principal.role !== 'citizen') return false;
  return c.applicant.kind === 'natural'
    ? c.applicant.idNumber === principal.idNumber
    : c.applicant.representative.idNumber === principal.idNumber;
}

/** Staff of this platform (window, officer, admin): a token for another city sees nothing here. */
export const isStaffOf = (principal: Principal, platform: PlatformDirectory): boolean =>
  principal.role !== 'citizen' && principal.platform === platform.slug;

/**
 * Who may read a case: its owner; window staff and admins of the platform; an officer of a
 * department the case is routed to.
 */
export function canRead(
  principal: Principal,
  record: CaseRecord,
  platform: PlatformDirectory,
): boolean {
  if (isOwner(principal, record.case)) return true;
  if (!isStaffOf(principal, platform)) return false;
  if (principal.role === 'officer') {
    return record.tasks.some((t) => t.department === principal.department);
  }
  return true;
}

/** Who may act for the applicant (withdraw, resubmit, rate): the owner or the city's window. */
export const canActForApplicant = (
  principal: Principal,
  record: CaseRecord,
  platform: PlatformDirectory,
): boolean =>
  isOwner(principal, record.case) ||
  (principal.role === 'window' && isStaffOf(principal, platform));
