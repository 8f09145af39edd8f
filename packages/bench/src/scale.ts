import {
  type AttributeValue,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  QueryCommand as DocumentQueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { addWorkingDays, toChinaDate } from '@jilin/domain';
import {
  CaseRepository,
  caseTableInput,
  createApplicantKeyer,
  createDocumentClient,
  keys,
} from '@jilin/store';
import { counterBytes, type FillState, filledCase, person, SERVICES } from './fixtures';
import { BENCH_APPLICANT_KEY_SECRET } from './lambda-env';
import { freshCaseId } from './replay';
import { type Growth, growth, inParallel, putAll, timeRounds } from './scale-support';
import { perSecond } from './stats';
import { measureStreamCheck, type StreamCheck } from './stream-check';
import { evaluate, TARGETS, type Verdict } from './targets';

/**
 * Scale: the three list queries on a table of N cases and on one of 10·N, filled through the
 * repository (its own transactions, so the items and index entries are the real ones) with a
 * city's mix of states and ages. The queries run through the repository too, interleaved between
 * the two tables; Count and ScannedCount come from the Query responses. The tables have the case
 * table's keys and indexes but no stream: DynamoDB Local slows every request to a table with a
 * stream as its records pile up (stream-check.ts measures it in the same run), which would be
 * the emulator's growth, not the queries'. Each query's one Query request is also replayed as it
 * went on the wire (the low-level client: not unmarshalled, not validated), in the same rounds:
 * how much of the growth is DynamoDB Local's answer to that very request. The verdict stays on
 * the query itself.
 */

export interface ScaleOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Cases in the 1× table; the other holds ten times as many. */
  readonly cases: number;
  /** Distinct cases made by the repository, replicated to fill the tables. */
  readonly seed: number;
  readonly iterations: number;
  readonly onProgress: (message: string) => void;
}

/** A query's latency at 1× and 10× (Growth), judged. */
export interface ScaleQuery extends Growth {
  readonly query: string;
  /** The control: a base-table Query of one partition, which no index or table size should slow. */
  readonly control: boolean;
  /** This ratio over the control's: what the table's growth does to this query beyond DynamoDB Local's own. */
  readonly overControl?: number;
  readonly description: string;
  readonly verdict: Verdict;
  /** Items returned and items read (Count, ScannedCount) per call, at 1× and 10×. */
  readonly items: {
    readonly count1x: number;
    readonly scanned1x: number;
    readonly count10x: number;
    readonly scanned10x: number;
  };
  readonly rru1x: number;
  readonly rru10x: number;
  /**
   * The query's Query request replayed raw (the low-level client, the same input; not
   * unmarshalled, not validated), 1× against 10× in the query's rounds: DynamoDB Local's own
   * growth for exactly this request.
   */
  readonly raw?: Growth;
}

export interface ScaleSection {
  readonly cases: readonly [number, number];
  readonly fillPerSecond: number;
  readonly queries: readonly ScaleQuery[];
  /** The whole overdue scan (every page up to the horizon), which grows with the open cases. */
  readonly overdueScan: {
    readonly pages1x: number;
    readonly items1x: number;
    readonly pages10x: number;
    readonly items10x: number;
  };
  /** DynamoDB Local's own growth, with and without a stream (stream-check.ts). */
  readonly streamCheck?: StreamCheck;
}

/** The state mix of a city's table: most cases closed, a third still running. */
const STATES: readonly FillState[] = [
  'submitted',
  'prereview',
  'accepted',
  'accepted',
  'completed',
  'completed',
  'completed',
  'completed',
  'completed',
  'delivered',
];
/** Whose cases "my cases" lists: the same five cases in both tables. */
const ME = person(1);
const MY_CASES = 5;

interface Instrumented {
  readonly repository: CaseRepository;
  /** The last Query's output. */
  last(): QueryCommandOutput | undefined;
  /** The last Query's input, as the repository gave it to the document client. */
  lastInput(): Record<string, unknown> | undefined;
  /** Whether the next Query asks for its consumed capacity. */
  measureCapacity(on: boolean): void;
}

function instrumentedRepository(options: ScaleOptions, tableName: string): Instrumented {
  const client = createDocumentClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // DynamoDB Local answers concurrent transactions on a busy machine with "timed out waiting
    // for a lock" (a 500 the real service would not give): retry those a while.
    maxAttempts: 10,
  });
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let last: QueryCommandOutput | undefined;
  let lastInput: Record<string, unknown> | undefined;
  let capacity = false;
  Object.assign(client, {
    send: async (command: { input: Record<string, unknown> }) => {
      // Every query here is one Query; anything else would not be replayed as one.
      lastInput = command instanceof DocumentQueryCommand ? { ...command.input } : undefined;
      if (capacity) command.input.ReturnConsumedCapacity = 'INDEXES';
      const output = (await send(command)) as QueryCommandOutput;
      last = output;
      return output;
    },
  });
  return {
    repository: new CaseRepository({
      client,
      tableName,
      applicantKey: createApplicantKeyer(BENCH_APPLICANT_KEY_SECRET),
    }),
    last: () => last,
    lastInput: () => lastInput,
    measureCapacity: (on) => {
      capacity = on;
    },
  };
}

/** As the store's document client marshals (documentClientFor). */
const MARSHALL = { removeUndefinedValues: true } as const;

/**
 * A Query's input as it goes on the wire: the document client's input with its values
 * marshalled, as the low-level client takes it.
 */
function wireInput(input: Record<string, unknown> | undefined): QueryCommandInput {
  if (!input) throw new Error('the query did not end with a Query');
  const { ExpressionAttributeValues, ExclusiveStartKey, ...rest } = input;
  return {
    ...(rest as unknown as QueryCommandInput),
    ...(ExpressionAttributeValues
      ? {
          ExpressionAttributeValues: marshall(
            ExpressionAttributeValues as Record<string, unknown>,
            MARSHALL,
          ),
        }
      : {}),
    ...(ExclusiveStartKey
      ? { ExclusiveStartKey: marshall(ExclusiveStartKey as Record<string, unknown>, MARSHALL) }
      : {}),
  };
}

/**
 * Fills both tables: a seed of real cases made by the repository (its transactions, its items
 * and index entries), replicated under fresh case numbers with BatchWriteItem (25 items a call:
 * far faster on DynamoDB Local than a transaction per case) to N and 10·N cases. "My cases" are
 * made by the repository in each table and not replicated, so the applicant has five in both.
 */
async function fill(
  options: ScaleOptions,
  tables: readonly [string, string],
  repositories: readonly [CaseRepository, CaseRepository],
  now: Date,
): Promise<string> {
  const [small, large] = [options.cases, options.cases * 10];
  const seedSize = Math.min(small, options.seed);
  const random = counterBytes(17);
  const seed = Array.from({ length: seedSize }, (_, n) =>
    filledCase({
      serviceCode: n % 7 === 3 ? SERVICES.bundled : SERVICES.single,
      applicant: person(1000 + n),
      state: STATES[n % STATES.length] as FillState,
      daysAgo: n % 60,
      now,
      random,
      n,
    }),
  );
  const [seedRepository] = repositories;
  await inParallel(seed, 4, (record) => seedRepository.createCase(record));
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 10,
  });
  try {
    // The seed's items, as the repository wrote them, by case: each case's partition (a Query,
    // as everything in the project outside the tests reads).
    const byCase = new Map<string, Record<string, AttributeValue>[]>();
    await inParallel(seed, 4, async (record) => {
      const id = record.case.caseId;
      const items: Record<string, AttributeValue>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tables[0],
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: keys.casePk(id) } },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      byCase.set(id, items);
    });
    const seedIds = seed.map((record) => record.case.caseId);
    const copies = (table: string, count: number, skip: number) => {
      const puts: { table: string; item: Record<string, AttributeValue> }[] = [];
      for (let n = skip; n < count; n++) {
        const id = seedIds[n % seedIds.length] as string;
        const fresh = freshCaseId(id, random);
        for (const item of byCase.get(id) ?? []) {
          puts.push({ table, item: JSON.parse(JSON.stringify(item).split(id).join(fresh)) });
        }
      }
      return puts;
    };
    await putAll(client, [
      ...copies(tables[0], small, seedIds.length),
      ...copies(tables[1], large, 0),
    ]);
  } finally {
    client.destroy();
  }
  const mine = Array.from({ length: MY_CASES }, (_, n) =>
    filledCase({
      serviceCode: SERVICES.single,
      applicant: ME,
      state: 'completed',
      daysAgo: n * 7,
      now,
      random,
      n,
    }),
  );
  // The same cases, under the same numbers, in both tables.
  for (const repository of repositories) {
    for (const record of mine) await repository.createCase(record);
  }
  return (mine[0] as (typeof mine)[number]).case.caseId;
}

export async function measureScale(options: ScaleOptions): Promise<ScaleSection> {
  const small = options.cases;
  const large = options.cases * 10;
  const tables = [`bench-scale-${small}`, `bench-scale-${large}`] as const;
  const admin = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // The emulator check fills its tables through this client: retry lock timeouts as fill does.
    maxAttempts: 10,
  });
  let streamCheck: StreamCheck;
  try {
    // Without the stream the dispatch function reads: on DynamoDB Local a table's stream slows
    // every request to it in proportion to its records, which real DynamoDB does not do (the
    // emulator check below measures it). Items and index entries are the same either way.
    for (const name of tables) {
      await admin.send(new CreateTableCommand(caseTableInput(name, { stream: false })));
    }
    streamCheck = await measureStreamCheck({
      client: admin,
      partitions: options.cases,
      iterations: options.iterations,
      onProgress: options.onProgress,
    });
  } finally {
    admin.destroy();
  }
  const one = instrumentedRepository(options, tables[0]);
  const ten = instrumentedRepository(options, tables[1]);
  const now = new Date();
  const started = performance.now();
  options.onProgress(`scale: filling ${small} and ${large} cases`);
  const controlCase = await fill(options, tables, [one.repository, ten.repository], now);
  const fillPerSecond = perSecond(small + large, performance.now() - started);

  const today = toChinaDate(now.toISOString());
  const horizon = addWorkingDays(today, 3).due;
  const queries: {
    query: string;
    control?: boolean;
    description: string;
    run: (r: CaseRepository) => Promise<unknown>;
  }[] = [
    {
      query: 'read case (control)',
      control: true,
      description: 'getCase: one partition of the base table, the same case in both tables',
      run: (r) => r.getCase(controlCase),
    },
    {
      query: 'my cases',
      description: `listByApplicant, a page of 20 (the applicant has ${MY_CASES})`,
      run: (r) => r.listByApplicant(ME.idNumber, { limit: 20 }),
    },
    {
      query: 'worklist',
      description: 'listWorklist(hrss, accepted), a page of 20',
      run: (r) => r.listWorklist('hrss', 'accepted', { limit: 20 }),
    },
    {
      query: 'overdue',
      description: 'listOpenParts(due ≤ today + 3 working days), a page of 100',
      run: (r) => r.listOpenParts({ dueOnOrBefore: horizon, limit: 100 }),
    },
  ];

  const results: ScaleQuery[] = [];
  const raw = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
  });
  for (const q of queries) {
    options.onProgress(`scale: ${q.query}`);
    const counts = async (target: Instrumented) => {
      target.measureCapacity(true);
      await q.run(target.repository);
      target.measureCapacity(false);
      const out = target.last();
      const rru = Array.isArray(out?.ConsumedCapacity)
        ? 0
        : (out?.ConsumedCapacity?.CapacityUnits ?? 0);
      return { count: out?.Count ?? 0, scanned: out?.ScannedCount ?? 0, rru };
    };
    const c1 = await counts(one);
    const in1 = wireInput(one.lastInput());
    const c10 = await counts(ten);
    const in10 = wireInput(ten.lastInput());
    // The query and its raw replay at both sizes, in the same rounds.
    const [t1, t10, r1, r10] = (await timeRounds(
      [
        () => q.run(one.repository),
        () => q.run(ten.repository),
        () => raw.send(new QueryCommand(in1)),
        () => raw.send(new QueryCommand(in10)),
      ],
      options.iterations,
    )) as [number[], number[], number[], number[]];
    const own = growth(t1, t10);
    results.push({
      query: q.query,
      control: q.control === true,
      description: q.description,
      ...own,
      verdict: evaluate(own.ratio, TARGETS.scale, own.interval),
      items: {
        count1x: c1.count,
        scanned1x: c1.scanned,
        count10x: c10.count,
        scanned10x: c10.scanned,
      },
      rru1x: c1.rru,
      rru10x: c10.rru,
      raw: growth(r1, r10),
    });
  }
  raw.destroy();

  const control = results.find((r) => r.control);
  const queriesWithControl = results.map((r) =>
    r.control || !control ? r : { ...r, overControl: r.ratio / control.ratio },
  );

  const scan = async (r: CaseRepository) => {
    let pages = 0;
    let items = 0;
    let cursor: string | undefined;
    do {
      const page = await r.listOpenParts({
        dueOnOrBefore: horizon,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      pages++;
      items += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    return { pages, items };
  };
  const s1 = await scan(one.repository);
  const s10 = await scan(ten.repository);
  const cleanup = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
  });
  try {
    for (const name of tables) await cleanup.send(new DeleteTableCommand({ TableName: name }));
  } finally {
    cleanup.destroy();
  }
  return {
    cases: [small, large],
    fillPerSecond,
    queries: queriesWithControl,
    overdueScan: { pages1x: s1.pages, items1x: s1.items, pages10x: s10.pages, items10x: s10.items },
    streamCheck,
  };
}
