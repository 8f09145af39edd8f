import { parseArgs } from 'node:util';
import { loadMarks } from './load-marks';
import { wantedNodeVersion } from './node-versions';
import { nodeChoice } from './options';
import { benchSource } from './paths';
import { onNode } from './runtime-node';

/**
 * `npm run bench:load -- <function> [--runs=20] [--top=15] [--by-file] [--node=runtime|current|x.y.z]`: where a function's
 * cold start goes, module by module, beside the baseline's (see load-marks.ts). Not a verdict:
 * `npm run bench` measures the targets.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '20' },
    top: { type: 'string', default: '15' },
    'by-file': { type: 'boolean', default: false },
    node: { type: 'string', default: 'runtime' },
  },
});
const fn = positionals[0];
const runs = Number(values.runs);
const top = Number(values.top);
if (!fn || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(top) || top < 1) {
  process.stderr.write(
    'usage: npm run bench:load -- <function> [--runs=20] [--top=15] [--by-file] [--node=runtime|current|x.y.z]\n',
  );
  process.exit(2);
}
try {
  // On the functions' runtime's Node, as `npm run bench` (runtime-node.ts).
  const version = wantedNodeVersion(nodeChoice(values.node ?? 'runtime'));
  onNode(version, benchSource('load-marks-cli.ts'), (m) => process.stderr.write(`${m}\n`));
} catch (error) {
  process.stderr.write(`bench:load: ${(error as Error).message}\n`);
  process.exit(2);
}
const lines = await loadMarks({ fn, runs, top, byFile: values['by-file'] ?? false });
process.stdout.write(`${lines.join('\n')}\n`);
