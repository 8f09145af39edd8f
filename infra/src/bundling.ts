import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * The Lambda runtime: Node.js 24, the newest the CDK knows (cdk-nag's L1 rule asks for the latest;
 * DESIGN asks for 22 or newer). The handlers use top-level await, which needs ESM output.
 */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The esbuild target matching RUNTIME, so nothing is down-levelled needlessly. */
export const ESBUILD_TARGET = 'node24';

/**
 * esbuild's ESM output turns a bundled CommonJS module's `require('node:…')` into a `__require`
 * that throws "Dynamic require of … is not supported": there is no `require` in an ES module.
 * Some dependencies of the AWS SDK v3 and Powertools are still CommonJS, so the bundle defines a
 * real one first. The alias keeps the name from clashing with anything in the bundle.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __jilinCreateRequire } from 'node:module'; const require = __jilinCreateRequire(import.meta.url);";

/**
 * How every function is bundled (DESIGN, Bundling): esbuild, ESM (`index.mjs`), minified,
 * tree-shaken, with a source map, for arm64 Node.js 24, and the AWS SDK v3 bundled rather than
 * taken from the runtime (`externalModules: []`; measured faster cold starts, and the version
 * the tests ran against). `mainFields` prefers a package's ES module build, which tree-shakes.
 * The source map is a separate, linked file (`index.mjs.map`, named by the bundle's
 * `sourceMappingURL` comment, not inlined) without the sources' text; the functions run with
 * `--enable-source-maps`, so stack traces point at the TypeScript.
 *
 * The output is ASCII (`--charset=ascii`: the zh-CN texts as `\uXXXX` escapes), so that V8 keeps
 * the source as one-byte text; it is given as an esbuild argument because the CDK's own `charset`
 * option is not passed to esbuild (aws/aws-cdk#32649: we had set UTF8, and got ASCII). UTF-8
 * output measured the same at load (60.53 vs 60.55 ms), for a two-byte copy of every bundle.
 */
export const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: ESBUILD_TARGET,
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourceMapMode: nodejs.SourceMapMode.DEFAULT,
  sourcesContent: false,
  externalModules: [],
  banner: ESM_REQUIRE_BANNER,
  logLevel: nodejs.LogLevel.WARNING,
  esbuildArgs: { '--tree-shaking': 'true', '--charset': 'ascii' },
};

/**
 * A function's bundling: {@link BUNDLING}, and without X-Ray tracing (the China regions) the
 * Tracer is left out of the bundle altogether. `@jilin/lambda-kit` loads it only when
 * `JILIN_BUNDLE_TRACING` is not `'false'`; defined as a constant here, esbuild drops that branch
 * and aws-xray-sdk-core, cls-hooked and semver with it (about 125 KiB that every cold start would
 * otherwise parse for nothing).
 */
export function bundlingFor(options: { readonly tracing: boolean }): nodejs.BundlingOptions {
  return options.tracing
    ? BUNDLING
    : { ...BUNDLING, define: { 'process.env.JILIN_BUNDLE_TRACING': JSON.stringify('false') } };
}
