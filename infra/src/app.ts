import {
  checkDefaultPlatforms,
  getPlatform,
  type PlatformSlug,
  platformSlugs,
} from '@jilin/platform';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type DeploymentConfig, type DeploymentOverrides, loadDeploymentConfig } from './config';
import { PlatformStack, stackNameOf } from './stack';

export interface PlatformAppOptions {
  /**
   * The platforms to build a stack for.
   * @default every platform of the topology (the province first, then the cities)
   */
  readonly platforms?: readonly PlatformSlug[];
  /**
   * Where the `<slug>.json` configurations are.
   * @default infra/config
   */
  readonly configDir?: string;
  /**
   * Configurations to use instead of reading them (tests). Context overrides do not apply to
   * these.
   * @default - read from configDir
   */
  readonly configs?: Partial<Record<PlatformSlug, DeploymentConfig>>;
}

/** The context keys that override every platform's configuration: `-c region=… -c account=…`. */
export const OVERRIDE_CONTEXT_KEYS = ['region', 'account'] as const;

const contextString = (app: App, key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/**
 * Adds the cdk-nag AwsSolutions and Serverless packs to the app, as CDK validation plugins: they
 * run over every stack when the app synthesises, and any finding that is not acknowledged (with
 * `Validations.of(construct).acknowledge({ id, reason })`) fails the synthesis. In a test
 * (`NODE_ENV=test`) `app.synth()` throws with the report; under the CLI the report is printed
 * and `cdk synth` exits non-zero. The report is also written to the cloud assembly
 * (`validation-report.json`). Every acknowledgement is copied into its resources' template
 * metadata (`cdk_nag.rules_to_suppress`, with its reason), so a reviewer of a template sees what
 * was acknowledged and why.
 */
export function addNagChecks(app: App): void {
  const props = { writeSuppressionsToCloudFormation: true };
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, props),
    // The aspect that writes the metadata is added once, by the first pack.
    new ServerlessChecks(app),
  );
}

/**
 * Builds one PlatformStack per platform of the topology, each from its validated configuration
 * (with the context overrides applied), and adds the cdk-nag checks.
 * @throws DeploymentConfigError when a configuration does not validate.
 */
export function buildPlatformApp(
  app: App,
  options: PlatformAppOptions = {},
): ReadonlyMap<PlatformSlug, PlatformStack> {
  const overrides: DeploymentOverrides = {
    region: contextString(app, 'region'),
    account: contextString(app, 'account'),
  };
  // Every platform and the rules across them (a city's parent, service codes unique across
  // platforms), before any stack: the functions parse only their own platform at run time.
  checkDefaultPlatforms();
  const stacks = new Map<PlatformSlug, PlatformStack>();
  for (const slug of options.platforms ?? platformSlugs) {
    const platform = getPlatform(slug);
    const config =
      options.configs?.[slug] ??
      loadDeploymentConfig(slug, {
        overrides,
        ...(options.configDir ? { configDir: options.configDir } : {}),
      });
    stacks.set(
      slug,
      new PlatformStack(app, stackNameOf(platform), {
        platform,
        config,
        // Region-specific (so a China region is known at synth), account only when configured:
        // nothing is looked up, so the synth works offline.
        env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
      }),
    );
  }
  addNagChecks(app);
  return stacks;
}
