import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformSlug, platformSlugs } from '@jilin/platform';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNagChecks, buildPlatformApp } from '../../src/app';
import { isChinaRegion } from '../../src/config';
import { REPO_ROOT } from '../../src/paths';
import { type PlatformStack, stackNameOf } from '../../src/stack';
import { configOf, platformApp, platformOf, platformStack, testApp } from '../support/app';

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly { readonly ruleName: string }[];
  }[];
}

const readReport = (directory: string): ValidationReport =>
  JSON.parse(readFileSync(join(directory, 'validation-report.json'), 'utf8')) as ValidationReport;

/**
 * The partitions every stack must synthesise for: as committed (cn-north-1 and cn-northwest-1,
 * partition aws-cn), all in the other China region, and in two regions of the aws partition.
 */
const TARGETS = [
  { name: 'as configured (aws-cn)', context: {}, partition: 'aws-cn' },
  { name: 'cn-northwest-1 (aws-cn)', context: { region: 'cn-northwest-1' }, partition: 'aws-cn' },
  { name: 'ap-east-1 (aws)', context: { region: 'ap-east-1' }, partition: 'aws' },
  { name: 'us-east-1 (aws)', context: { region: 'us-east-1' }, partition: 'aws' },
] as const;

describe('App: one stack per platform', () => {
  it('builds Jilin-Province and a Jilin-<City> stack for each pilot city, in the configured regions', () => {
    // Act
    const { stacks } = platformApp();

    // Assess
    expect([...stacks.values()].map((s) => s.stackName)).toEqual([
      'Jilin-Province',
      'Jilin-Changchun',
      'Jilin-Siping',
      'Jilin-Liaoyuan',
    ]);
    for (const [slug, stack] of stacks) {
      expect(stack.region).toBe(configOf(slug).region);
      expect(stack.stackName).toBe(stackNameOf(platformOf(slug)));
      expect(stack.terminationProtection).toBe(true);
    }
  });

  describe.each(TARGETS)('Synthesis: $name', ({ context, partition }) => {
    let stacks: ReadonlyMap<PlatformSlug, PlatformStack>;
    let assembly: CloudAssembly;
    beforeAll(() => {
      const built = platformApp(context);
      stacks = built.stacks;
      // Synthesis runs the cdk-nag packs; an unacknowledged finding throws here, with the report.
      assembly = built.app.synth();
    });

    it('leaves no unacknowledged cdk-nag finding (AwsSolutions, Serverless) in any stack', () => {
      // Act
      const report = readReport(assembly.directory);

      // Assess
      expect(report.pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName))).toEqual([]);
      expect(stacks.size).toBe(platformSlugs.length);
    });

    it.each(platformSlugs)(
      `synthesises %s with no literal arn:aws: (partition ${partition} comes from AWS::Partition)`,
      (slug) => {
        // Prepare
        const stack = stacks.get(slug);
        if (!stack) throw new Error(slug);

        // Act
        const text = readFileSync(join(assembly.directory, stack.templateFile), 'utf8');

        // Assess
        expect(text).not.toContain('arn:aws:');
        expect(text).not.toContain('arn:aws-cn:');
        expect(text).toMatch(/"Ref":\s*"AWS::Partition"/);
        expect(isChinaRegion(stack.region)).toBe(partition === 'aws-cn');
      },
    );

    it.each(platformSlugs)(
      'records every acknowledgement of %s in the template, each with its reason',
      (slug) => {
        // Prepare
        const stack = stacks.get(slug);
        if (!stack) throw new Error(slug);

        // Act
        const resources = Object.values(
          (
            JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as {
              Resources: Record<
                string,
                { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }
              >;
            }
          ).Resources,
        );
        const acknowledged = resources.flatMap((r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? []);

        // Assess
        expect(acknowledged.length).toBeGreaterThan(0);
        for (const { id, reason } of acknowledged) {
          expect(reason.length, id).toBeGreaterThan(80);
        }
        expect(new Set(acknowledged.map((a) => a.id.replace(/\[.*$/, '')))).toEqual(
          new Set([
            'AwsSolutions-APIG4',
            'AwsSolutions-IAM5',
            'AwsSolutions-SMG4',
            'AwsSolutions-SQS3',
            'Serverless-LambdaDLQ',
            'Serverless-LambdaTracing',
            'Serverless-SNSRedrivePolicy',
            'Serverless-SQSRedrivePolicy',
          ]),
        );
      },
    );

    it.each(platformSlugs)(
      'keeps tracing off for %s, as X-Ray needs in the China regions',
      (slug) => {
        // Prepare
        const stack = stacks.get(slug);
        if (!stack) throw new Error(slug);

        // Act
        const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');

        // Assess
        for (const fn of Object.values(functions)) {
          expect(fn.Properties.TracingConfig).toBeUndefined();
          expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('false');
        }
      },
    );
  });

  it('traces outside the China regions when configured, with the X-Ray finding acknowledged', () => {
    // Prepare
    const { app, stack } = platformStack(
      'siping',
      configOf('siping', { region: 'us-east-1', tracing: true }),
    );

    // Act
    const assembly = app.synth();

    // Assess
    Template.fromStack(stack).allResourcesProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
    });
    expect(readReport(assembly.directory).pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  it('refuses to build a stack when -c region moves a traced platform into a China region', () => {
    // Prepare
    const configDir = mkdtempSync(join(tmpdir(), 'jilin-config-'));
    const traced = { ...configOf('siping'), region: 'ap-east-1', tracing: true };
    writeFileSync(join(configDir, 'siping.json'), JSON.stringify(traced));
    const app = testApp({ region: 'cn-north-1' });

    // Act & Assess
    expect(() => buildPlatformApp(app, { platforms: ['siping'], configDir })).toThrow(
      /siping\.json[\s\S]*tracing: X-Ray is not integrated with Lambda in AWS's China regions/,
    );
  });
});

describe('Partition-agnostic source', () => {
  it('writes no literal arn:aws: anywhere in the CDK app: partitions come from AWS::Partition', () => {
    // Prepare
    const files = ['bin', 'src']
      .flatMap((dir) =>
        readdirSync(join(REPO_ROOT, 'infra', dir), { recursive: true, encoding: 'utf8' }).map((f) =>
          join(REPO_ROOT, 'infra', dir, f),
        ),
      )
      .filter((f) => f.endsWith('.ts'))
      .concat(join(REPO_ROOT, 'cdk.json'));

    // Act
    const offenders = files.filter((f) => /arn:aws(-cn)?:/.test(readFileSync(f, 'utf8')));

    // Assess
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});

describe('cdk-nag wiring', () => {
  it('fails the synthesis on an unacknowledged error-level finding', () => {
    // Prepare
    const { app, stack } = platformStack('changchun');
    new sqs.Queue(stack, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    // Act & Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS2[\s\S]*Jilin-Changchun\/Unencrypted/);
  });

  it('fails the synthesis on an unacknowledged warning-level finding too', () => {
    // Prepare
    const app = testApp();
    const stack = new Stack(app, 'Warnings', { env: { region: 'cn-north-1' } });
    new logs.LogGroup(stack, 'KeptForever', { retention: logs.RetentionDays.INFINITE });
    addNagChecks(app);

    // Act & Assess
    expect(() => app.synth()).toThrow(/Serverless-CloudWatchLogGroupRetentionPeriod/);
  });

  it('makes `npx cdk synth` itself exit non-zero on an unacknowledged finding', () => {
    // Act: the CLI runs an app with one unencrypted, TLS-optional queue and the packs added.
    const cli = spawnSync(
      'npx',
      [
        'cdk',
        'synth',
        '--app',
        'npx tsx infra/tests/support/nag-self-test-app.ts',
        '--output',
        mkdtempSync(join(tmpdir(), 'jilin-nag-')),
        '--quiet',
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
    );

    // Assess
    expect(cli.status).not.toBe(0);
    expect(cli.stderr + cli.stdout).toMatch(/AwsSolutions-SQS4[\s\S]*NagSelfTest\/Plain/);
    expect(cli.stderr + cli.stdout).toMatch(/Synthesis finished with errors/);
  });
});
