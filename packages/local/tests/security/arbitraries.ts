import {
  DecisionBodySchema,
  FollowUpBodySchema,
  RatingBodySchema,
  ResubmitBodySchema,
  SubmitBodySchema,
  WithdrawBodySchema,
} from '@jilin/cases';
import {
  CITIZEN_ID_PROVINCE_CODES,
  CREDIT_CODE_ALPHABET,
  citizenIdCheckChar,
  creditCodeCheckChar,
} from '@jilin/domain';
import { getPlatform } from '@jilin/platform';
import fc from 'fast-check';
import { city, OTHER_CITY, ROUTED } from './support';

/**
 * The fuzz's generators that need no running platform: strings of every script and size,
 * identifiers valid and broken, JSON and its encodings on the wire, path segments, query
 * strings, headers, and bodies of every route, valid or refused by their schema (each refused
 * body is checked against the route's own schema as it is generated).
 */

// ---------------------------------------------------------------------------------------------
// Generators: strings, identifiers, JSON, encodings

/** Fragments a careless parser trips on: scripts, direction marks, controls, surrogates. */
export const FRAGMENTS = [
  '长春市',
  '吉林省政务服务',
  '𠮷野家',
  'مرحبا بالعالم',
  'שלום',
  '\u202e',
  '\u200f',
  '\u200e',
  '\u2066',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\r\n',
  '\t',
  '\u2028',
  '\ufeff',
  '👨‍👩‍👧‍👦',
  '😀',
  '\ud800',
  '\udfff',
  'é',
  'Ⅻ',
  '１２３',
  '٣٤٥',
  '../',
  '..\\',
  '%00',
  '%2F',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, taken literally
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '0',
  ' ',
  '',
];

export const fragmentString = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 })
  .map((parts) => parts.join(''));

export const hugeString = fc
  .tuple(
    fc.constantFrom('办', 'a', '😀', '\u0000', '9', ' '),
    fc.integer({ min: 1_000, max: 30_000 }),
  )
  .map(([unit, length]) => unit.repeat(length));

/** Strings of every kind, short enough for a URL (a request line over 16 KiB is refused by HTTP). */
export const urlString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: fragmentString },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('办', 'a', '😀', '9'), fc.integer({ min: 100, max: 600 }))
      .map(([u, n]) => u.repeat(n)),
  },
);

/** Strings of every kind, from empty to huge. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 11, arbitrary: urlString },
  { weight: 1, arbitrary: hugeString },
);

export const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

/** YYYYMMDD, a real date from 1900 to 2020. */
export const birthDate = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2020-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));

export const validCitizenId: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...CITIZEN_ID_PROVINCE_CODES), digits(4), birthDate, digits(3))
  .map(([p, county, date, seq]) => `${p}${county}${date}${seq}`)
  .map((first17) => first17 + citizenIdCheckChar(first17));

/** 公民身份号码 that break one rule of GB 11643 each. */
export const invalidCitizenId: fc.Arbitrary<string> = fc.oneof(
  validCitizenId.map((id) => id.slice(0, 17) + (id.endsWith('1') ? '2' : '1')), // check character
  validCitizenId.map((id) => id.slice(0, 17)), // length 17
  validCitizenId.map((id) => `${id}0`), // length 19
  validCitizenId.map((id) => `00${id.slice(2)}`), // area
  validCitizenId.map((id) => `${id.slice(0, 10)}1332${id.slice(14)}`), // 13th month
  validCitizenId.map((id) => `${id.slice(0, 6)}2099${id.slice(10, 17)}`), // future, wrong check
  validCitizenId.map((id) => id.replace(/\d/, (d) => String.fromCharCode(0xff10 + Number(d)))), // fullwidth digit
  validCitizenId.map((id) => `${id.slice(0, 9)} ${id.slice(9, 17)}`),
  validCitizenId.map((id) => `X${id.slice(1)}`),
  fc.constantFrom('', '11010519491231002Y', '000000000000000000', '\u0000'.repeat(18)),
);

export const creditChars = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...CREDIT_CODE_ALPHABET),
    minLength: length,
    maxLength: length,
  });

export const validCreditCode: fc.Arbitrary<string> = fc
  .tuple(creditChars(2), digits(6), creditChars(9))
  .map(([head, area, org]) => `${head}${area}${org}`)
  .map((first17) => first17 + creditCodeCheckChar(first17));

/** 统一社会信用代码 that break one rule of GB 32100 each. */
export const invalidCreditCode: fc.Arbitrary<string> = fc.oneof(
  validCreditCode.map((c) => c.slice(0, 17) + (c.endsWith('0') ? '1' : '0')),
  validCreditCode.map((c) => `${c.slice(0, 2)}AB${c.slice(4)}`), // letters in the area code
  validCreditCode.map((c) => `I${c.slice(1)}`), // I, O, S, V, Z are not in the alphabet
  validCreditCode.map((c) => c.slice(1)),
  fc.constantFrom('', '91350100M000100Y4', 'ZZZZZZZZZZZZZZZZZZ'),
);

export const validPhone = fc
  .tuple(fc.constantFrom(...'3456789'), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);
export const invalidPhone = fc.oneof(
  validPhone.map((p) => `+86${p}`),
  validPhone.map((p) => `${p}0`),
  validPhone.map((p) => p.slice(0, 10)),
  validPhone.map((p) => `12${p.slice(2)}`),
  fc.constantFrom('0431-88776655', '', '１３９０４３１０００１'),
);

export const applicantNumber = fc.oneof(
  validCitizenId,
  invalidCitizenId,
  validCreditCode,
  invalidCreditCode,
);

/** Any JSON value, sometimes nested deep or wide. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}) },
  { weight: 1, arbitrary: nastyString },
);

/** JSON small enough for a URL. */
export const urlJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 2 }), urlString);

/** Raw JSON text nested deeper than the API allows (32 levels), as array or object. */
export const deepJsonText = fc
  .tuple(
    fc.integer({ min: 33, max: 400 }),
    fc.boolean(),
    fc.option(fc.constantFrom('materials', 'form', 'applicant', 'reason')),
  )
  .map(([depth, arrays, field]) => {
    const nested = arrays
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return field ? `{"${field}":${nested}}` : nested;
  });

/** What a body is turned into on the wire. */
export type Encoding =
  | 'json'
  | 'bom'
  | 'utf16'
  | 'latin1'
  | 'truncated'
  | 'trailing-garbage'
  | 'single-quotes';

export function encode(value: unknown, encoding: Encoding): Buffer {
  const text = JSON.stringify(value) ?? 'undefined';
  switch (encoding) {
    case 'json':
      return Buffer.from(text);
    case 'bom':
      return Buffer.from(`\ufeff${text}`);
    case 'utf16':
      return Buffer.from(text, 'utf16le');
    case 'latin1':
      return Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe, 0xc0, 0x80])]);
    case 'truncated':
      return Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    case 'trailing-garbage':
      return Buffer.from(`${text},}`);
    case 'single-quotes':
      return Buffer.from(text.replaceAll('"', "'"));
  }
}
export const breakingEncoding = fc.constantFrom<Encoding>(
  'bom',
  'utf16',
  'latin1',
  'truncated',
  'trailing-garbage',
  'single-quotes',
);

/** Content types the API must refuse for a JSON body (415), and ones it takes. */
export const NON_JSON_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/jsonx',
  'application/problem+json',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/octet-stream',
  '*/*',
  '',
];
export const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON;CHARSET=UTF8',
];
export const anyContentType = fc.option(fc.constantFrom(...JSON_TYPES, ...NON_JSON_TYPES), {
  freq: 6,
});

/** Percent-encodes every UTF-8 byte but the unreserved characters (lone surrogates included). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** As written by a careless client: only what HTTP cannot carry is encoded (`%`, `/`, `..` stay). */
export function looselyEncode(text: string, keep: RegExp): string {
  return Array.from(text)
    .map((c) => (keep.test(c) ? c : percentEncode(c)))
    .join('');
}

/** A path segment with odd characters: dots, encoded slashes, NUL, scripts, bad escapes. */
export const oddSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E',
    '%2F',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%',
    '%zz',
    '%u202e',
    'a%2Fb',
    '%C0%AE%C0%AE',
    '%ff%fe',
    '~',
    "!*'();:@&=+$,[]",
    '%E9%95%BF%E6%98%A5',
  ),
  urlString.filter((s) => s.length > 0).map(percentEncode),
  urlString
    .filter((s) => s.length > 0)
    .map((s) =>
      looselyEncode(s, /^[\x21-\x7e]$/u)
        .replaceAll('?', '%3F')
        .replaceAll('#', '%23'),
    ),
);

export const CASE_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Well-formed case numbers that no case has. */
export const unknownCaseId = fc
  .tuple(
    fc.constantFrom('220100', '220300', '110105'),
    fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.string({ unit: fc.constantFrom(...CASE_ID_ALPHABET), minLength: 8, maxLength: 8 }),
  )
  .map(
    ([area, date, suffix]) =>
      `${area}-${date.toISOString().slice(0, 10).replaceAll('-', '')}-${suffix}`,
  );
/** Case numbers that are not well formed. */
export const malformedCaseId = fc.oneof(
  unknownCaseId.map((id) => id.toLowerCase()),
  unknownCaseId.map((id) => `${id.slice(0, 7)}20261332${id.slice(15)}`),
  unknownCaseId.map((id) => `${id}0`),
  unknownCaseId.map((id) => id.replace(/-[^-]+$/, '-ILOU1234')),
  oddSegment,
);

export const departmentSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...city.departments.map((d) => d.id)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('no-such-department', 'HRSS', 'hrss ', 'h', 'a'.repeat(41)),
  },
  { weight: 3, arbitrary: oddSegment },
);

export const serviceCodeSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...city.services.map((s) => s.code)) },
  { weight: 2, arbitrary: fc.constantFrom(...getPlatform(OTHER_CITY).services.map((s) => s.code)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('220100-XX-9999', 'abcd', '2201', '220100_RS_0001', '0'.repeat(41)),
  },
  { weight: 3, arbitrary: oddSegment },
);

// ---------------------------------------------------------------------------------------------
// Generators: query strings, cursors, limits, headers

/** Base64url of any JSON: a cursor that decodes but is not one of this platform's. */
export const base64urlJson = (value: fc.Arbitrary<unknown>) =>
  value.map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url'));

export const STATUSES = [
  'submitted',
  'prereview',
  'correction_requested',
  'accepted',
  'rejected',
  'approved',
  'denied',
  'completed',
  'delivered',
  'withdrawn',
];

/** A worklist position, well formed: the department's partition (or another), any sort key. */
export const worklistCursor = base64urlJson(
  fc.record({
    pk: fc.oneof(fc.constantFrom('CASE#x'), urlString),
    sk: fc.oneof(fc.constantFrom('TASK#hrss'), urlString),
    gsi2pk: fc.oneof(
      fc.constant(`DEPT#${ROUTED}#prereview`),
      fc.tuple(departmentSegment, fc.constantFrom(...STATUSES)).map(([d, s]) => `DEPT#${d}#${s}`),
    ),
    gsi2sk: fc.oneof(
      fc.constantFrom('0000-00-00#x', '2020-01-01#x', '2099-12-31#x', '9999-99-99#\uffff'),
      urlString,
    ),
  }),
);

export const limitValue = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.constantFrom(
    '0',
    '1',
    '100',
    '101',
    '-1',
    '1.5',
    '1e2',
    '1e400',
    'NaN',
    'Infinity',
    '',
    ' ',
    '0x10',
    '١٠',
    '１０',
    '10abc',
    '9007199254740993',
  ),
  fragmentString,
);

/** A month as a query gives it (`YYYY-MM`), well formed or not. */
export const monthValue = fc.oneof(
  fc
    .record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 0, max: 13 }) })
    .map(({ year, month }) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`),
  fc.constantFrom('2026-11', '2024-11', '2026-1', '202611', '2026-11-26', '', ' ', '２０２６-１１'),
  fragmentString,
);

export const dateValue = fc.oneof(
  fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '2026-02-30',
    '2026-13-01',
    '20260101',
    '2026-1-1',
    '0000-00-00',
    '9999-12-31',
    '2026-01-01T00:00:00Z',
  ),
  fragmentString,
);

export type Pair = readonly [string, string];

/** A query string from pairs: keys the route knows, keys it does not, repeated keys. */
export function queryString(
  known: Readonly<Record<string, fc.Arbitrary<string>>>,
): fc.Arbitrary<string> {
  const unknownPair = fc.tuple(
    fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'LIMIT', 'foo', 'limit[]', ''),
      fragmentString,
    ),
    urlString,
  );
  const knownPairs = Object.entries(known).map(([key, value]) => value.map((v): Pair => [key, v]));
  const knownPair = knownPairs.length > 0 ? fc.oneof(...knownPairs) : unknownPair;
  return fc
    .tuple(
      fc.array(
        fc.oneof({ weight: 4, arbitrary: knownPair }, { weight: 1, arbitrary: unknownPair }),
        { maxLength: 5 },
      ),
      fc.boolean(),
    )
    .map(([pairs, strict]) =>
      pairs
        .map(([k, v]) =>
          strict
            ? `${percentEncode(k)}=${percentEncode(v)}`
            : `${looselyEncode(k, /^[\x21-\x7e]$/u).replaceAll('#', '%23')}=${looselyEncode(v, /^[\x21-\x7e]$/u).replaceAll('#', '%23')}`,
        )
        .join('&'),
    );
}

/** A query longer than the API takes (2048 characters): 414. */
export const longQuery = fc.integer({ min: 2_100, max: 6_000 }).map((n) => `q=${'a'.repeat(n)}`);

/** Only what an HTTP header value can carry (node refuses the rest before sending). */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e]/g, '?').trim();
}

/** Headers around a request: odd extras a client or proxy may add. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'x-forwarded-for',
        'origin',
        'accept',
        'cookie',
        'x-amzn-trace-id',
        'content-encoding',
        'x-request-id',
        'accept-language',
      ),
      fc.oneof(
        fc.constantFrom('gzip', '*/*', 'http://localhost:3000', 'zh-CN', 'a=b; c=d'),
        fc.string({ unit: 'binary-ascii', maxLength: 60 }).map(headerSafe),
      ),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => Object.fromEntries(pairs));

/** An Idempotency-Key header: absent, well formed, or not. */
export const idempotencyKey = fc.option(
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...'abcXYZ019_.:-'), minLength: 8, maxLength: 128 }),
    fc.constantFrom('short', 'has space in it', 'k'.repeat(200), 'ünïcödé-key', ''),
  ),
  { freq: 2 },
);

// ---------------------------------------------------------------------------------------------
// Generators: bodies

/** Any body at all: JSON of anything, broken JSON, deep nesting, huge, or none. */
export const anyBody: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        anyJson,
        fc.constantFrom<Encoding>('json', 'json', 'json', 'bom', 'utf16', 'latin1', 'truncated'),
      )
      .map(([v, e]) => encode(v, e)),
  },
  { weight: 1, arbitrary: deepJsonText.map((t) => Buffer.from(t)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 65_537, max: 80_000 })
      .map((n) => Buffer.from(`{"reason":"${'办'.repeat(Math.ceil(n / 3))}"}`)),
  },
);

/** Replaces one field of an object with something of the wrong type or form. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, '', [], {}, [null], { $ne: 1 }),
  nastyString,
  fc.jsonValue({ maxDepth: 3 }),
);

/** An object with one change: a field dropped, replaced or added. */
export function mutated(
  base: fc.Arbitrary<Record<string, unknown>>,
  fieldValues: Readonly<Record<string, fc.Arbitrary<unknown>>> = {},
): fc.Arbitrary<unknown> {
  return fc.oneof(
    base.chain((b) => {
      const keys = Object.keys(b);
      return keys.length === 0
        ? fc.constant(b)
        : fc
            .constantFrom(...keys)
            .map((k) => Object.fromEntries(Object.entries(b).filter(([key]) => key !== k)));
    }),
    fc
      .tuple(
        base,
        fc.oneof(
          fc.constantFrom('extra', '__proto__', 'constructor', 'caseId', 'status', 'version'),
          fragmentString,
        ),
        wrongValue,
      )
      .map(([b, k, v]) => JSON.parse(JSON.stringify({ ...b, [k]: v })) as unknown),
    base.chain((b) => {
      const keys = [...new Set([...Object.keys(b), ...Object.keys(fieldValues)])];
      if (keys.length === 0) return fc.constant(b);
      return fc
        .constantFrom(...keys)
        .chain((k) => (fieldValues[k] ?? wrongValue).map((v) => ({ ...b, [k]: v })));
    }),
  );
}

/** A service of the catalogue with its required materials: the shape of a real application. */
export const suppliedMaterial = (materialId: string) =>
  fc.oneof(
    fc.record({
      materialId: fc.constant(materialId),
      source: fc.record({
        kind: fc.constant('upload'),
        objectKey: fc.constantFrom('uploads/a.pdf', 'x/y_z-1.jpg'),
      }),
      trustLevel: fc.constantFrom('A', 'B', 'C', 'D'),
    }),
    fc.record({
      materialId: fc.constant(materialId),
      source: fc.record({
        kind: fc.constant('licence'),
        licenceId: fc.constantFrom('DZZZ-1', 'ID:2201.x'),
      }),
      trustLevel: fc.constantFrom('A', 'B'),
    }),
  );

export const naturalApplicant = fc.record({
  kind: fc.constant('natural'),
  idNumber: validCitizenId,
  name: fc.constantFrom('张三', '欧阳娜娜', '阿依古丽·买买提', 'Anna Li'),
  phone: validPhone,
});
export const legalApplicant = fc.record({
  kind: fc.constant('legal'),
  creditCode: validCreditCode,
  name: fc.constantFrom('长春市某某运输有限公司', '吉林省一汽物流有限公司'),
  representative: fc.record({ name: fc.constantFrom('李四', '王五'), idNumber: validCitizenId }),
  phone: validPhone,
});

export const formKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/);
export const formValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fragmentString,
  fc.integer(),
  fc.boolean(),
);

/** An application of the right shape for a service of the catalogue, its required materials supplied. */
export const applicationShaped: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...city.services)
  .chain((service) =>
    fc.record({
      serviceCode: fc.constant(service.code),
      applicant: fc.oneof(naturalApplicant, legalApplicant),
      form: fc.dictionary(formKey, formValue, { maxKeys: 4 }),
      materials: fc.tuple(
        ...service.materials.filter((m) => m.required).map((m) => suppliedMaterial(m.id)),
      ),
    }),
  );

/** Applications the schema refuses: every field of every level broken in turn. */
export const invalidApplication: fc.Arbitrary<unknown> = fc
  .oneof(
    mutated(applicationShaped, {
      serviceCode: fc.oneof(
        fc.constantFrom('', 'abc', '220100 RS 0001', '0'.repeat(41)),
        fragmentString,
      ),
      applicant: fc.oneof(wrongValue, fc.constant({ kind: 'robot' })),
      form: fc.oneof(
        fc.constantFrom([], 'form', null),
        fc.dictionary(
          fc.string().filter((k) => !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k)),
          formValue,
          { minKeys: 1, maxKeys: 3 },
        ),
        fc.dictionary(
          formKey,
          fc.oneof(fc.constant(null), fc.array(fc.integer()), fc.object({ maxDepth: 2 })),
          { minKeys: 1, maxKeys: 3 },
        ),
        fc
          .integer({ min: 51, max: 400 })
          .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]))),
        fc.constant({ note: 'x'.repeat(2001) }),
      ),
      materials: fc.oneof(
        fc.constantFrom({}, 'id-card', null),
        fc.integer({ min: 51, max: 600 }).map((n) =>
          Array.from({ length: n }, (_, i) => ({
            materialId: `m${i}`,
            source: { kind: 'upload', objectKey: 'a' },
            trustLevel: 'C',
          })),
        ),
        fc.array(
          mutated(suppliedMaterial('id-card') as fc.Arbitrary<Record<string, unknown>>, {
            materialId: fc.constantFrom('ID-CARD', '1card', '', 'a'),
            source: fc.constantFrom(
              { kind: 'email' },
              { kind: 'upload', objectKey: 'has space' },
              { kind: 'upload', objectKey: '长春.pdf' },
              { kind: 'licence', licenceId: '' },
            ),
            trustLevel: fc.constantFrom('E', 'a', 1),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      ),
    }),
    applicationShaped.chain((app) =>
      mutated(fc.constant(app.applicant as Record<string, unknown>), {
        idNumber: fc.oneof(invalidCitizenId, wrongValue),
        creditCode: fc.oneof(invalidCreditCode, wrongValue),
        phone: fc.oneof(invalidPhone, wrongValue),
        name: fc.oneof(
          fc
            .tuple(
              fc.constantFrom('张', 'Anna'),
              fc.constantFrom('3', 'مرحبا', '😀', '\u0000', '\u202e', '\u200f', '<', '@', '\n'),
              fc.constantFrom('三', 'Li'),
            )
            .map((p) => p.join('')),
          fc.constantFrom('', '   ', '张'.repeat(101)),
        ),
        kind: fc.constantFrom('robot', '', 'NATURAL'),
      }).map((applicant) => ({ ...app, applicant })),
    ),
    fc.constantFrom(null, [], 'application', 42, {}),
  )
  .filter((body) => !SubmitBodySchema.safeParse(body).success);

export const withdrawBody = fc.record(
  {
    reason: fc.oneof(fc.string({ maxLength: 100 }), fragmentString),
    expectedVersion: fc.integer({ min: 1, max: 10 }),
  },
  { requiredKeys: [] },
);
export const invalidWithdrawBody = fc
  .oneof(
    mutated(withdrawBody as fc.Arbitrary<Record<string, unknown>>, {
      reason: fc.oneof(
        wrongValue,
        fc.integer({ min: 501, max: 5_000 }).map((n) => '撤'.repeat(n)),
      ),
      expectedVersion: fc.constantFrom(0, -1, 1.5, '1', null, [], 1e-9),
    }),
    fc.constantFrom(null, [], 'withdraw', 1),
  )
  .filter((body) => !WithdrawBodySchema.safeParse(body).success);

export const resubmitBody = fc.record(
  {
    materials: fc.array(suppliedMaterial('photo'), { minLength: 1, maxLength: 3 }),
    expectedVersion: fc.integer({ min: 1, max: 10 }),
  },
  { requiredKeys: ['materials'] },
);
export const invalidResubmitBody = fc
  .oneof(
    mutated(resubmitBody as fc.Arbitrary<Record<string, unknown>>, {
      materials: fc.oneof(
        fc.constant([]),
        fc.integer({ min: 51, max: 300 }).map((n) =>
          Array.from({ length: n }, () => ({
            materialId: 'photo',
            source: { kind: 'upload', objectKey: 'p.jpg' },
            trustLevel: 'C',
          })),
        ),
        fc.array(wrongValue, { minLength: 1, maxLength: 3 }),
      ),
      expectedVersion: fc.constantFrom(0, -1, 1.5, '1', null),
    }),
    fc.constantFrom(null, [], 'resubmit', {}),
  )
  .filter((body) => !ResubmitBodySchema.safeParse(body).success);

export const ratingBody = fc.record(
  {
    level: fc.constantFrom(
      'very_satisfied',
      'satisfied',
      'basically_satisfied',
      'dissatisfied',
      'very_dissatisfied',
    ),
    comment: fragmentString,
  },
  { requiredKeys: ['level'] },
);
export const invalidRatingBody = fc
  .oneof(
    mutated(ratingBody as fc.Arbitrary<Record<string, unknown>>, {
      level: fc.oneof(fc.constantFrom('5', 5, 'SATISFIED', '满意', ''), wrongValue),
      comment: fc.oneof(
        wrongValue,
        fc.integer({ min: 501, max: 4_000 }).map((n) => '评'.repeat(n)),
      ),
    }),
    fc.constantFrom(null, [], 'rate'),
  )
  .filter((body) => !RatingBodySchema.safeParse(body).success);

export const followUpBody = fc.record(
  {
    finding: fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), fragmentString),
    rectification: fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), fragmentString),
    expectedVersion: fc.integer({ min: 1, max: 2 ** 31 }),
  },
  { requiredKeys: ['finding', 'rectification'] },
);
export const invalidFollowUpBody = fc
  .oneof(
    mutated(followUpBody as fc.Arbitrary<Record<string, unknown>>, {
      finding: fc.oneof(
        wrongValue,
        fc.constantFrom('', '   '),
        fc.integer({ min: 501, max: 4_000 }).map((n) => '查'.repeat(n)),
      ),
      rectification: fc.oneof(
        wrongValue,
        fc.integer({ min: 501, max: 4_000 }).map((n) => '改'.repeat(n)),
      ),
      expectedVersion: fc.oneof(wrongValue, fc.constantFrom(0, -1, 1.5, '3')),
    }),
    fc.constantFrom(null, [], 'follow-up'),
  )
  .filter((body) => !FollowUpBodySchema.safeParse(body).success);

export const ACTIONS = ['accept', 'refuse', 'request_correction', 'approve', 'deny', 'complete'];
export const decisionBody = (expectedVersion: fc.Arbitrary<number>) =>
  fc.record(
    {
      action: fc.constantFrom(...ACTIONS),
      reason: fc.oneof(fc.string({ maxLength: 100 }), fragmentString),
      materials: fc.array(fc.constantFrom('photo', 'id-card', 'hukou-book'), {
        minLength: 1,
        maxLength: 3,
      }),
      expectedVersion,
    },
    { requiredKeys: ['action', 'expectedVersion'] },
  );
export const invalidDecisionBody = fc
  .oneof(
    mutated(decisionBody(fc.integer({ min: 1, max: 5 })) as fc.Arbitrary<Record<string, unknown>>, {
      action: fc.oneof(
        fc.constantFrom('ACCEPT', 'withdraw', 'deliver', 'dispatch', '受理', ''),
        wrongValue,
      ),
      reason: fc.oneof(
        wrongValue,
        fc.constantFrom('   '),
        fc.integer({ min: 1_001, max: 5_000 }).map((n) => '由'.repeat(n)),
      ),
      materials: fc.oneof(
        fc.constant([]),
        fc.constantFrom(['ID-CARD'], [''], [1]),
        fc.integer({ min: 51, max: 200 }).map((n) => Array(n).fill('photo')),
      ),
      expectedVersion: fc.constantFrom(0, -1, 1.5, '1', null, 1e-9),
    }),
    fc.constantFrom(null, [], 'accept', {}),
  )
  .filter((body) => !DecisionBodySchema.safeParse(body).success);
