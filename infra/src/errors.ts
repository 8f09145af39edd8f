/**
 * The errors of the CDK app. Each has a stable `code`, `this.name` set, and takes `ErrorOptions`
 * so a `cause` (e.g. the ZodError behind a configuration problem) travels with it.
 */
export class InfraError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InfraError';
    this.code = code;
  }
}

/**
 * A platform's deployment configuration (infra/config/<slug>.json, with context overrides) does
 * not parse. The message names the file and every problem, each as `path: what to do`.
 */
export class DeploymentConfigError extends InfraError {
  readonly platform: string;
  readonly issues: readonly string[];

  constructor(platform: string, source: string, issues: readonly string[], options?: ErrorOptions) {
    super(
      'DEPLOYMENT_CONFIG_INVALID',
      `the deployment configuration of platform "${platform}" (${source}) is not valid:\n${issues
        .map((issue) => `  - ${issue}`)
        .join('\n')}`,
      options,
    );
    this.name = 'DeploymentConfigError';
    this.platform = platform;
    this.issues = issues;
  }
}

/** A construct was given props it cannot build from; the message says what to change. */
export class ConstructPropsError extends InfraError {
  constructor(construct: string, message: string, options?: ErrorOptions) {
    super('CONSTRUCT_PROPS_INVALID', `${construct}: ${message}`, options);
    this.name = 'ConstructPropsError';
  }
}
