/**
 * Errors of the domain. Each carries a stable machine `code` (what an API puts in problem+json)
 * and a zh-CN `messageZh` a citizen can read; `message` is for developers and logs and never
 * contains personal data.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly messageZh: string;

  constructor(code: string, message: string, messageZh: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
    this.messageZh = messageZh;
  }
}

/** The rules an identifier can break; the first rule broken is the one reported. */
export type IdentifierRule =
  | 'ID_LENGTH'
  | 'ID_CHARSET'
  | 'ID_AREA'
  | 'ID_BIRTH_DATE'
  | 'ID_BIRTH_FUTURE'
  | 'ID_CHECKSUM'
  | 'USCC_LENGTH'
  | 'USCC_CHARSET'
  | 'USCC_AREA'
  | 'USCC_CHECKSUM';

/** A 公民身份号码 or 统一社会信用代码 that breaks one of its standard's rules. */
export class InvalidIdentifierError extends DomainError {
  declare readonly code: IdentifierRule;

  constructor(rule: IdentifierRule, message: string, messageZh: string, options?: ErrorOptions) {
    super(rule, message, messageZh, options);
    this.name = 'InvalidIdentifierError';
  }
}

/** An event the case state machine does not allow in the current status. */
export class IllegalTransitionError extends DomainError {
  readonly from: string;
  readonly event: string;

  constructor(from: string, event: string, messageZh: string, options?: ErrorOptions) {
    super(
      'ILLEGAL_TRANSITION',
      `event "${event}" is not allowed in status "${from}"`,
      messageZh,
      options,
    );
    this.name = 'IllegalTransitionError';
    this.from = from;
    this.event = event;
  }
}

/**
 * A working-day computation reached a year whose official holiday calendar (国务院办公厅关于
 * 部分节假日安排的通知) is not published yet, and the caller asked for an exact answer.
 */
export class CalendarNotPublishedError extends DomainError {
  readonly years: readonly number[];

  constructor(years: readonly number[], options?: ErrorOptions) {
    super(
      'CALENDAR_NOT_PUBLISHED',
      `the official holiday calendar for ${years.join(', ')} is not published yet`,
      `${years.join('、')}年的法定节假日安排尚未公布，暂无法精确计算办理时限`,
      options,
    );
    this.name = 'CalendarNotPublishedError';
    this.years = years;
  }
}

/** Why an application does not fit the service it applies for. */
export type ApplicationRule =
  | 'UNKNOWN_SERVICE'
  | 'WRONG_APPLICANT_TYPE'
  | 'CHANNEL_NOT_OFFERED'
  | 'MISSING_MATERIAL'
  | 'UNKNOWN_MATERIAL'
  | 'DUPLICATE_MATERIAL'
  | 'TRUST_LEVEL_TOO_HIGH';

/** An application that does not fit its service's 办事指南. */
export class InvalidApplicationError extends DomainError {
  declare readonly code: ApplicationRule;
  /** The material ids, applicant type or service code concerned (never personal data). */
  readonly subject: readonly string[];

  constructor(
    rule: ApplicationRule,
    message: string,
    messageZh: string,
    subject: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(rule, message, messageZh, options);
    this.name = 'InvalidApplicationError';
    this.subject = subject;
  }
}
