import { readFileSync } from 'node:fs';
import { getPlatform, type Platform, type PlatformSlug } from '@jilin/platform';
import { App, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { buildPlatformApp } from '../../src/app';
import { type DeploymentConfig, loadDeploymentConfig } from '../../src/config';
import { PlatformKey } from '../../src/constructs/encryption';
import type { PlatformStack } from '../../src/stack';

/** The context of cdk.json: the feature flags the CLI synthesises with, so tests use the same. */
export const CDK_CONTEXT: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * An app with cdk.json's feature flags and no bundling: `aws:cdk:bundling-stacks` set to no
 * stack, the switch the CLI itself uses to bundle only the stacks it deploys. Each function's
 * code is then a placeholder asset, and synthesis takes about a second; bundling.test.ts bundles
 * for real.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
  });
}

/** A bare stack in cn-north-1 with the platform's key, for testing one construct. */
export function constructStack(region = 'cn-north-1'): {
  app: App;
  stack: Stack;
  key: kms.Key;
} {
  const app = testApp();
  const stack = new Stack(app, 'Test', { env: { region } });
  const key = new PlatformKey(stack, 'Key').key;
  return { app, stack, key };
}

/** The platform, parsed from the topology. */
export const platformOf = (slug: PlatformSlug): Platform => getPlatform(slug);

/** A platform's configuration as committed, optionally changed. */
export function configOf(
  slug: PlatformSlug,
  change: Partial<DeploymentConfig> = {},
): DeploymentConfig {
  return { ...loadDeploymentConfig(slug), ...change };
}

/**
 * The whole app as `npx cdk synth` builds it (every platform, cdk-nag packs on), with context
 * such as `{ region: 'us-east-1' }`.
 */
export function platformApp(context: Record<string, unknown> = {}): {
  app: App;
  stacks: ReadonlyMap<PlatformSlug, PlatformStack>;
} {
  const app = testApp(context);
  return { app, stacks: buildPlatformApp(app) };
}

/** One platform's stack from the app (cdk-nag on), with its committed or a given configuration. */
export function platformStack(
  slug: PlatformSlug,
  config?: DeploymentConfig,
): { app: App; stack: PlatformStack } {
  const app = testApp();
  const stacks = buildPlatformApp(app, {
    platforms: [slug],
    ...(config ? { configs: { [slug]: config } } : {}),
  });
  const stack = stacks.get(slug);
  if (!stack) throw new Error(`no stack for ${slug}`);
  return { app, stack };
}
