/** Errors of the case store, each with a stable code. */
export class StoreError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** A case with this id exists already. */
export class CaseExistsError extends StoreError {
  constructor(caseId: string, options?: ErrorOptions) {
    super('CASE_EXISTS', `case ${caseId} exists already`, options);
    this.name = 'CaseExistsError';
  }
}

/** The submission's idempotency key made a case already: `caseId`, for a request hashing to `payloadHash`. */
export class SubmissionClaimedError extends StoreError {
  readonly caseId: string;
  readonly payloadHash: string;

  constructor(caseId: string, payloadHash: string, options?: ErrorOptions) {
    super('SUBMISSION_CLAIMED', `the idempotency key made case ${caseId} already`, options);
    this.name = 'SubmissionClaimedError';
    this.caseId = caseId;
    this.payloadHash = payloadHash;
  }
}

/** No case with this id. */
export class CaseNotFoundError extends StoreError {
  constructor(caseId: string, options?: ErrorOptions) {
    super('CASE_NOT_FOUND', `case ${caseId} does not exist`, options);
    this.name = 'CaseNotFoundError';
  }
}

/**
 * The case or one of its tasks changed since it was read: someone else won the race. Re-read
 * and decide again.
 */
export class VersionConflictError extends StoreError {
  /** `case`, or the department whose task changed. */
  readonly item: string;

  constructor(caseId: string, item: string, options?: ErrorOptions) {
    super('VERSION_CONFLICT', `case ${caseId}: ${item} was changed by someone else`, options);
    this.name = 'VersionConflictError';
    this.item = item;
  }
}

/** A pagination cursor that this store did not hand out for this query. */
export class InvalidCursorError extends StoreError {
  constructor(options?: ErrorOptions) {
    super('INVALID_CURSOR', 'the pagination cursor is not valid for this query', options);
    this.name = 'InvalidCursorError';
  }
}

/**
 * A change whose items would not match their schemas once written: refused before the write (a
 * bug in the use case, never the client's input, which is validated first), so that nothing is
 * ever stored that could not be read back.
 */
export class UnreadableChangeError extends StoreError {
  constructor(pk: string, sk: string, options?: ErrorOptions) {
    super('UNREADABLE_CHANGE', `change of ${pk} / ${sk} would not match its schema`, options);
    this.name = 'UnreadableChangeError';
  }
}

/** An item read back that does not match its schema: data corruption or a bad migration. */
export class CorruptItemError extends StoreError {
  constructor(pk: string, sk: string, options?: ErrorOptions) {
    super('CORRUPT_ITEM', `item ${pk} / ${sk} does not match its schema`, options);
    this.name = 'CorruptItemError';
  }
}

/** DynamoDB left keys of a batch read unprocessed (throttling) through every retry: try again. */
export class ReadIncompleteError extends StoreError {
  constructor(options?: ErrorOptions) {
    super('READ_INCOMPLETE', 'items not read after retries (throttled)', options);
    this.name = 'ReadIncompleteError';
  }
}
