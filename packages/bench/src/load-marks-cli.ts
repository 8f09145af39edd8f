import { parseArgs } from 'node:util';
import { loadMarks } from './load-marks';
import type { NodeChoice } from './node-versions';
import { nodeChoice } from './options';
import { benchSource } from './paths';
import { startOnNode } from './runtime-node';

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
let choice: NodeChoice;
try {
  choice = nodeChoice(values.node ?? 'runtime');
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
// On the Node `npm run bench` measures on (runtime-node.ts).
await startOnNode('bench:load', choice, {
  script: benchSource('load-marks-cli.ts'),
  log: (m) => process.stderr.write(`${m}\n`),
});
const lines = await loadMarks({ fn, runs, top, byFile: values['by-file'] ?? false });
process.stdout.write(`${lines.join('\n')}\n`);
