export type {
  DeadlineResult,
  DeadlineStatus,
  ExactDeadline,
  WorkingDayCount,
} from './calendar/deadline';
export {
  addWorkingDays,
  addWorkingDaysExact,
  deadlineStatus,
  workingDaysBetween,
} from './calendar/deadline';
export type { IsoDayOfWeek, PlainDate } from './calendar/plain-date';
export {
  addDays,
  compareDates,
  dayOfWeek,
  PlainDateSchema,
  toChinaDate,
} from './calendar/plain-date';
export type { WorkingCalendar, WorkingCalendarOptions } from './calendar/working-calendar';
export { createWorkingCalendar, officialCalendar } from './calendar/working-calendar';
export type {
  Applicant,
  Application,
  ExpectedMaterials,
  SuppliedMaterial,
} from './case/application';
export {
  ApplicantSchema,
  ApplicationSchema,
  applicantNumber,
  checkApplication,
  checkMaterials,
  highestTrustLevel,
  LegalApplicantSchema,
  NaturalApplicantSchema,
  OrganisationNameSchema,
  PersonNameSchema,
  SuppliedMaterialSchema,
  serviceMaterials,
  TrustLevelSchema,
} from './case/application';
export type {
  Actor,
  Case,
  CaseId,
  CaseRecord,
  Decision,
  Due,
  DueState,
  FollowUp,
  Rating,
  RatingLevel,
  Role,
  Task,
  TimelineEntry,
} from './case/case';
export {
  ActorSchema,
  CaseIdSchema,
  CaseSchema,
  DecisionSchema,
  DUE_STATES,
  DueSchema,
  DueStateSchema,
  FollowUpSchema,
  isFollowUpOpen,
  isNegativeRating,
  laterDue,
  newCaseId,
  RATING_LABELS,
  RATING_LEVELS,
  RatingLevelSchema,
  RatingSchema,
  RoleSchema,
  ratingsOf,
  StatusSchema,
  TaskEventSchema,
  TaskSchema,
  TimelineEntrySchema,
  worstDueState,
} from './case/case';
export type { OpenCaseInput } from './case/open-case';
export { openCase } from './case/open-case';
export type { Notice, Outcome, Progress, TaskChange, TaskState } from './case/progress';
export { citizenText, deriveProgress, planEvent, statusLabel } from './case/progress';
export type { RatingCounter, RatingSummary, RatingTally } from './case/rating-stats';
export {
  addMonths,
  monthsFrom,
  RATING_COUNTERS,
  RatingMonthSchema,
  RatingTallySchema,
  ratingMonthOf,
  summarizeRatings,
} from './case/rating-stats';
export type { EventActor, Status, TaskEvent } from './case/state-machine';
export {
  canApply,
  EVENT_RULES,
  EVENTS,
  isClockRunning,
  isTerminal,
  nextStatus,
  STATUS_TEXT,
  STATUSES,
  TERMINAL_STATUSES,
} from './case/state-machine';
export type { ApplicantKind, AreaCode, Channel, DepartmentId, MaterialId } from './catalogue';
export {
  ApplicantKindSchema,
  AreaCodeSchema,
  ChannelSchema,
  coHandlingDepartments,
  DepartmentIdSchema,
  isBundled,
  MaterialIdSchema,
} from './catalogue';
export type { ApplicationRule, IdentifierRule } from './errors';
export {
  CalendarNotPublishedError,
  DomainError,
  IllegalTransitionError,
  InvalidApplicationError,
  InvalidIdentifierError,
} from './errors';
export type { HotParser } from './hot-parse';
export { COMPILE_AFTER, hot, tieredParser } from './hot-parse';
export type { CitizenId, CitizenIdRule } from './identity/citizen-id';
export {
  CITIZEN_ID_PROVINCE_CODES,
  CitizenIdSchema,
  citizenIdCheckChar,
  citizenIdFacts,
  validateCitizenId,
} from './identity/citizen-id';
export type { CreditCode, CreditCodeRule } from './identity/credit-code';
export {
  CREDIT_CODE_ALPHABET,
  CreditCodeSchema,
  creditCodeCheckChar,
  validateCreditCode,
} from './identity/credit-code';
export { maskIdentifier, maskName, maskPhone } from './identity/masking';
export type { MobilePhone } from './identity/phone';
export { MobilePhoneSchema } from './identity/phone';
export type {
  Department,
  Fee,
  Material,
  Service,
  ServiceLevel,
  ServicePart,
  ServiceType,
} from './service-guide';
export {
  DepartmentSchema,
  FeeSchema,
  MaterialSchema,
  ServiceLevelSchema,
  ServicePartSchema,
  ServiceSchema,
  ServiceTypeSchema,
} from './service-guide';
