/**
 * Errors of the platform topology. Each carries a stable machine `code`; messages name the
 * platform and what to fix, and never contain personal data (the topology holds none).
 */
export class PlatformError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PlatformError';
    this.code = code;
  }
}

/**
 * A platform configuration that does not parse, or that contradicts another platform (a city
 * whose parent is not the province, a service code used twice). Raised when the configuration
 * is loaded, so a bad entry fails at start-up rather than on the first request that reads it.
 */
export class PlatformConfigError extends PlatformError {
  /** The platform whose configuration is wrong. */
  readonly slug: string;
  /** One line per problem: `path: message`. */
  readonly issues: readonly string[];

  constructor(slug: string, issues: readonly string[], options?: ErrorOptions) {
    super(
      'PLATFORM_CONFIG_INVALID',
      `platform "${slug}" configuration is invalid; fix ${issues.length === 1 ? 'this' : 'these'}:\n${issues.map((i) => `- ${i}`).join('\n')}`,
      options,
    );
    this.name = 'PlatformConfigError';
    this.slug = slug;
    this.issues = issues;
  }
}

/** A slug that names none of the configured platforms (e.g. a mistyped PLATFORM setting). */
export class UnknownPlatformError extends PlatformError {
  readonly slug: string;

  constructor(slug: string, known: readonly string[], options?: ErrorOptions) {
    super(
      'UNKNOWN_PLATFORM',
      `unknown platform ${JSON.stringify(slug.slice(0, 40))}; expected one of: ${known.join(', ')}`,
      options,
    );
    this.name = 'UnknownPlatformError';
    this.slug = slug;
  }
}
