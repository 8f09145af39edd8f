/**
 * Verifies the audit chains of the cases staff touched on each day of a range.
 *
 *   npm run audit:verify -- --platform changchun [--from 2026-11-01] [--to 2026-11-30] [--table <name>]
 *
 * Locally it finds a running `npm start` (or AWS_ENDPOINT_URL_DYNAMODB); against AWS, run it with
 * the city's credentials and `--table <slug>-cases`. Exit 0: every chain holds; 1: a chain is
 * broken (each is named, with the first record that fails); 2: usage.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PlainDateSchema } from '@jilin/domain';
import { PlatformSlugSchema } from '@jilin/platform';
import { AuditLog, createDocumentClient } from '@jilin/store';
import { LOCAL_AWS } from '../dynamodb-local';
import { readEndpoints } from '../endpoints-file';
import { findRepoRoot } from '../repo-root';
import { caseTableName } from '../tables';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function auditVerifyCli(
  args: readonly string[],
  io: { out(text: string): void; err(text: string): void } = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  },
): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        platform: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        table: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.err(
      `${(error as Error).message}\nusage: npm run audit:verify -- --platform <slug> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--table <name>]\n`,
    );
    return 2;
  }
  const platform = PlatformSlugSchema.safeParse(values.platform);
  const today = new Date().toISOString().slice(0, 10);
  const from = PlainDateSchema.safeParse(values.from ?? today);
  const to = PlainDateSchema.safeParse(values.to ?? values.from ?? today);
  if (!platform.success || !from.success || !to.success || from.data > to.data) {
    io.err(
      'usage: npm run audit:verify -- --platform <slug> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--table <name>]\n',
    );
    return 2;
  }
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? readEndpoints(findRepoRoot())?.dynamodb;
  const client = createDocumentClient(endpoint ? { ...LOCAL_AWS, endpoint } : {});
  const audit = new AuditLog({ client, tableName: values.table ?? caseTableName(platform.data) });
  let chains = 0;
  let records = 0;
  let broken = 0;
  const checked = new Set<string>();
  try {
    for (let t = Date.parse(from.data); t <= Date.parse(to.data); t += DAY_MS) {
      const day = new Date(t).toISOString().slice(0, 10);
      for (const caseId of await audit.casesOn(day)) {
        if (checked.has(caseId)) continue;
        checked.add(caseId);
        const verdict = await audit.verify(caseId);
        chains++;
        records += verdict.records;
        if (!verdict.ok) {
          broken++;
          io.out(`BROKEN ${caseId}: record ${verdict.brokenAt}: ${verdict.reason}\n`);
        }
      }
    }
  } finally {
    client.destroy();
  }
  io.out(`${chains} chains, ${records} records, ${broken} broken (${from.data} to ${to.data})\n`);
  return broken === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  auditVerifyCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
