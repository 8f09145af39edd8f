import { type CaseRecord, deriveProgress, hot, planEvent, type Task } from '@jilin/domain';
import { findService, type Platform } from '@jilin/platform';
import { type CaseRepository, VersionConflictError } from '@jilin/store';
import {
  TASK_MESSAGE_SCHEMA_ID,
  type TaskMessage,
  TaskMessageSchema,
  type TaskMessageType,
} from './task-message';

/** Sends messages to a department's queue; resolves to the messageIds that were NOT sent. */
export interface TaskPublisher {
  publish(department: string, messages: readonly TaskMessage[]): Promise<readonly string[]>;
}

/** One task change read off the table's stream (images already unmarshalled and parsed). */
export interface TaskChangeRecord {
  /** The stream record's id (its sequence number), reported back when it failed. */
  readonly id: string;
  readonly old?: Task | undefined;
  readonly new?: Task | undefined;
}

export interface DispatchReport {
  readonly sent: number;
  readonly ignored: number;
  /** Record ids to report as batch item failures, so the stream delivers them again. */
  readonly failed: readonly string[];
}

export interface TaskDispatcherProps {
  readonly repository: CaseRepository;
  readonly platform: Platform;
  readonly publisher: TaskPublisher;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * What a change of a task means for its department: a new task (INSERT), a task back in 预审
 * after the applicant's 补正, or a withdrawal. Everything else (the dispatcher's own 申报→预审
 * mark, an officer's decisions) is none of the queue's business.
 */
export function classifyTaskChange(
  old: Task | undefined,
  next: Task | undefined,
): TaskMessageType | undefined {
  if (!next) return undefined;
  if (!old) return next.status === 'submitted' ? 'task.assigned' : undefined;
  if (old.status === 'correction_requested' && next.status === 'prereview')
    return 'task.resubmitted';
  if (old.status !== 'withdrawn' && next.status === 'withdrawn') return 'task.withdrawn';
  return undefined;
}

/**
 * The stream is the outbox: each task change that concerns a department becomes a message on
 * that department's queue, sent in batches per queue. A record whose message was not sent is
 * reported as failed so the stream redelivers it; a message sent twice carries the same
 * messageId (case, department, task version), so the back-end recognises it.
 */
export class TaskDispatcher {
  readonly #repo: CaseRepository;
  readonly #platform: Platform;
  readonly #publisher: TaskPublisher;
  readonly #now: () => Date;

  constructor(props: TaskDispatcherProps) {
    this.#repo = props.repository;
    this.#platform = props.platform;
    this.#publisher = props.publisher;
    this.#now = props.now ?? (() => new Date());
  }

  async dispatch(records: readonly TaskChangeRecord[]): Promise<DispatchReport> {
    const failed = new Set<string>();
    const pending: { record: TaskChangeRecord; task: Task; message: TaskMessage }[] = [];
    let ignored = 0;
    const cases = new Map<string, Promise<CaseRecord | undefined>>();
    const read = (caseId: string) => {
      let found = cases.get(caseId);
      if (!found) {
        found = this.#repo.getCase(caseId);
        cases.set(caseId, found);
      }
      return found;
    };

    await Promise.all(
      records.map(async (record) => {
        const type = classifyTaskChange(record.old, record.new);
        if (!type || !record.new) {
          ignored++;
          return;
        }
        try {
          const c = await read(record.new.caseId);
          if (!c) {
            ignored++; // the case is gone (never expected: cases are not deleted)
            return;
          }
          pending.push({ record, task: record.new, message: this.#message(type, c, record.new) });
        } catch {
          failed.add(record.id);
        }
      }),
    );

    // (Map.groupBy needs Node 21; the local toolchain runs on Node 20.)
    const byDepartment = new Map<string, typeof pending>();
    for (const p of pending) {
      byDepartment.set(p.task.department, [...(byDepartment.get(p.task.department) ?? []), p]);
    }
    let sent = 0;
    await Promise.all(
      [...byDepartment].map(async ([department, items]) => {
        let unsent: readonly string[];
        try {
          unsent = await this.#publisher.publish(
            department,
            items.map((i) => i.message),
          );
        } catch {
          unsent = items.map((i) => i.message.messageId);
        }
        for (const item of items) {
          if (unsent.includes(item.message.messageId)) failed.add(item.record.id);
          else sent++;
        }
      }),
    );

    // Mark new tasks as received (申报 → 预审), keeping the task version the message quotes.
    // Losing this mark loses nothing: the officer's first decision takes a task still at 申报
    // through 预审 itself.
    for (const item of pending) {
      if (item.message.type === 'task.assigned' && !failed.has(item.record.id)) {
        await this.#markReceived(item.task).catch(() => undefined);
      }
    }
    return { sent, ignored, failed: [...failed] };
  }

  #message(type: TaskMessageType, record: CaseRecord, task: Task): TaskMessage {
    const common = {
      schema: TASK_MESSAGE_SCHEMA_ID,
      messageId: `${task.caseId}:${task.department}:v${task.version}`,
      sentAt: this.#now().toISOString(),
      platform: { slug: this.#platform.slug, code: this.#platform.code },
      caseId: task.caseId,
      department: task.department,
      taskVersion: task.version,
      decisionPath: `/v1/cases/${task.caseId}/tasks/${task.department}/decision`,
    } as const;
    if (type === 'task.withdrawn') return hot(TaskMessageSchema).parse({ ...common, type });
    const c = record.case;
    const service = findService(this.#platform, c.serviceCode);
    const needed = new Set(task.materials);
    const applicant =
      c.applicant.kind === 'natural'
        ? { kind: 'natural', number: c.applicant.idNumber, name: c.applicant.name }
        : {
            kind: 'legal',
            number: c.applicant.creditCode,
            name: c.applicant.name,
            representativeName: c.applicant.representative.name,
          };
    return hot(TaskMessageSchema).parse({
      ...common,
      type,
      serviceCode: c.serviceCode,
      serviceName: c.serviceName,
      partName: task.partName,
      channel: c.channel,
      submittedAt: c.submittedAt,
      status: task.status,
      due: task.due,
      applicant,
      form: c.form,
      materials: c.materials
        .filter((m) => needed.has(m.materialId))
        .map((m) => ({
          materialId: m.materialId,
          name: service?.materials.find((x) => x.id === m.materialId)?.name ?? m.materialId,
          source: m.source,
          trustLevel: m.trustLevel,
        })),
    });
  }

  async #markReceived(task: Task): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const record = await this.#repo.getCase(task.caseId);
      const current = record?.tasks.find((t) => t.department === task.department);
      if (!record || current?.status !== 'submitted' || current.version !== task.version) return;
      const tasks = record.tasks.map((t) =>
        t.department === task.department ? { ...t, status: 'prereview' as const } : t,
      );
      const [move] = planEvent(record.tasks, 'dispatch', task.department);
      if (!move) return;
      const progress = deriveProgress(tasks);
      const at = this.#now().toISOString();
      try {
        await this.#repo.applyChange({
          caseId: task.caseId,
          expectedVersion: record.case.version,
          case: { status: progress.status, outcome: progress.outcome, updatedAt: at },
          tasks: [
            {
              department: task.department,
              expectedVersion: task.version,
              set: { status: move.to },
              currentDue: current.due,
              keepVersionIfStatus: 'submitted',
            },
          ],
          timeline: {
            at,
            actor: { role: 'system', id: 'dispatch-tasks' },
            event: 'dispatch',
            department: task.department,
            status: progress.status,
            citizenText: `已推送至${this.#departmentName(task.department)}预审。`,
          },
        });
        return;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
  }

  #departmentName(id: string): string {
    return this.#platform.departments.find((d) => d.id === id)?.shortName ?? id;
  }
}
