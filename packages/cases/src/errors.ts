import { DomainError } from '@jilin/domain';

/**
 * The caller may not do this to this case. Reading a case one may not see is answered as if it
 * did not exist (CaseNotFoundError), so that case numbers cannot be probed; this error is for
 * acting on what one may see but not change, or filing for someone else.
 */
export class AccessDeniedError extends DomainError {
  constructor(message: string, messageZh: string, options?: ErrorOptions) {
    super('FORBIDDEN', message, messageZh, options);
    this.name = 'AccessDeniedError';
  }
}

/** A case is rated once online (一事一评), and once at the window (一次一评). */
export class AlreadyRatedError extends DomainError {
  constructor(channel: 'online' | 'window' = 'online', options?: ErrorOptions) {
    super(
      'ALREADY_RATED',
      channel === 'online'
        ? 'the case has been rated online already'
        : 'the case has been rated at the window already',
      channel === 'online'
        ? '该办件已评价，每件只能评价一次'
        : '该办件已在窗口评价，每次窗口服务只能评价一次',
      options,
    );
    this.name = 'AlreadyRatedError';
  }
}

/** Only a completed case can be rated. */
export class NotRateableError extends DomainError {
  constructor(options?: ErrorOptions) {
    super('NOT_RATEABLE', 'only a completed case can be rated', '办件办结后才能评价', options);
    this.name = 'NotRateableError';
  }
}

/** A decision the law wants explained came without a reason, or a 补正 without its list. */
export class ReasonRequiredError extends DomainError {
  constructor(what: 'reason' | 'materials', options?: ErrorOptions) {
    super(
      what === 'reason' ? 'REASON_REQUIRED' : 'MATERIALS_REQUIRED',
      what === 'reason'
        ? 'this decision needs a reason'
        : 'a correction notice must list the materials',
      what === 'reason' ? '该决定必须说明理由' : '一次性告知补正必须列明需补正的材料',
      options,
    );
    this.name = 'ReasonRequiredError';
  }
}

/**
 * A 补正 notice the law no longer allows (行政许可法 §32: on the spot or within 5 working days of
 * receiving the materials, once, naming everything; a notice not given in time means the
 * application counts as accepted): too late, or naming a material no earlier notice named.
 */
export class CorrectionNotAllowedError extends DomainError {
  constructor(
    why: 'too_late' | 'not_one_time',
    detail: { readonly deadline?: string; readonly materials?: readonly string[] },
    options?: ErrorOptions,
  ) {
    super(
      why === 'too_late' ? 'CORRECTION_TOO_LATE' : 'CORRECTION_NOT_ONE_TIME',
      why === 'too_late'
        ? `a correction notice was due by ${detail.deadline}: the application counts as accepted`
        : `earlier notices did not list: ${(detail.materials ?? []).join(', ')}`,
      why === 'too_late'
        ? `补正告知应在收到申请材料之日起5个工作日内（${detail.deadline}前）一次性作出，逾期视为受理，请直接受理或作出其他决定`
        : '补正须一次性告知：再次补正只能针对此前告知过的材料',
      options,
    );
    this.name = 'CorrectionNotAllowedError';
  }
}

/** The task changed since the officer read it (their expectedVersion is stale). */
export class StaleTaskError extends DomainError {
  constructor(options?: ErrorOptions) {
    super(
      'VERSION_CONFLICT',
      'the task changed since it was read',
      '办件已被他人更新，请刷新后重试',
      options,
    );
    this.name = 'StaleTaskError';
  }
}

/** Window staff look up cases by the applicant's number, which they must give. */
export class ApplicantRequiredError extends DomainError {
  constructor(options?: ErrorOptions) {
    super(
      'APPLICANT_REQUIRED',
      'a window look-up needs the applicant number',
      '请提供申请人的公民身份号码或统一社会信用代码',
      options,
    );
    this.name = 'ApplicantRequiredError';
  }
}

/**
 * An Idempotency-Key sent again with another request: the first request's case stands, and the
 * key cannot make a second one (the same answer Powertools gives while its record lasts).
 */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(options?: ErrorOptions) {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'the idempotency key was used with another request',
      '同一幂等键已用于不同的请求',
      options,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** A 差评 follow-up recorded on a case that owes none (no 差评, or its follow-up is closed). */
export class NoFollowUpOwedError extends DomainError {
  constructor(options?: ErrorOptions) {
    super(
      'NO_FOLLOW_UP_OWED',
      'the case has no 差评 whose follow-up is open',
      '该办件没有待核实整改的差评',
      options,
    );
    this.name = 'NoFollowUpOwedError';
  }
}

/**
 * A statistics period that ends before it starts, or is longer than can be asked at once; a
 * period given without its end ends this month.
 */
export class InvalidPeriodError extends DomainError {
  constructor(maxMonths: number, options?: ErrorOptions) {
    super(
      'INVALID_PERIOD',
      `the period must start no later than it ends (this month, if not given) and span at most ${maxMonths} months`,
      `统计期间无效：起始月份不能晚于截止月份（未指定截止月份时为本月），且最长${maxMonths}个月`,
      options,
    );
    this.name = 'InvalidPeriodError';
  }
}
