import type { BenchResult } from './result';
import { type Column, formatTable, heading } from './table';

/** Before and after: the headline figure of each measurement in two results. */

export interface Change {
  readonly metric: string;
  readonly before: number | undefined;
  readonly after: number | undefined;
  readonly unit: 'bytes' | 'ratio' | 'ms' | 'units' | 'per s';
}

function figures(result: BenchResult): Map<string, { value: number; unit: Change['unit'] }> {
  const out = new Map<string, { value: number; unit: Change['unit'] }>();
  for (const b of result.bundle?.bundles ?? []) {
    if (b.kind !== 'helper') out.set(`bundle ${b.name}`, { value: b.bytes, unit: 'bytes' });
  }
  for (const c of result.cold ?? []) {
    out.set(`cold ${c.name} import`, { value: c.importMs.median, unit: 'ms' });
    if (c.cpuMs) out.set(`cold ${c.name} CPU`, { value: c.cpuMs.median, unit: 'ms' });
    if (c.kind === 'function') out.set(`cold ${c.name} ratio`, { value: c.ratio, unit: 'ratio' });
  }
  for (const w of result.warm ?? []) {
    out.set(`warm ${w.function} ${w.scenario} ratio`, { value: w.ratio, unit: 'ratio' });
    if (w.overheadMs !== undefined) {
      out.set(`warm ${w.function} ${w.scenario} +ms`, { value: w.overheadMs, unit: 'ms' });
    }
    if (w.freshStart) {
      const total = w.freshStart.handler.totalMs.median;
      out.set(`fresh ${w.function} ${w.scenario} init + request`, { value: total, unit: 'ms' });
    }
  }
  for (const l of result.capacity?.lifecycles ?? []) {
    out.set(`capacity ${l.service} RRU`, { value: l.total.billed.rru, unit: 'units' });
    out.set(`capacity ${l.service} WRU`, { value: l.total.billed.wru, unit: 'units' });
  }
  for (const q of result.scale?.queries ?? []) {
    out.set(`scale ${q.query} ratio`, { value: q.ratio, unit: 'ratio' });
  }
  if (result.throughput) {
    out.set('throughput submissions', { value: result.throughput.e2eMedian, unit: 'per s' });
    out.set('throughput ratio', { value: result.throughput.ratio, unit: 'ratio' });
  }
  return out;
}

export function compareResults(before: BenchResult, after: BenchResult): Change[] {
  const a = figures(before);
  const b = figures(after);
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names.map((metric) => ({
    metric,
    before: a.get(metric)?.value,
    after: b.get(metric)?.value,
    unit: (b.get(metric) ?? a.get(metric))?.unit ?? 'units',
  }));
}

const show = (value: number | undefined, unit: Change['unit']): string => {
  if (value === undefined) return '–';
  if (unit === 'bytes') return `${(value / 1024).toFixed(1)} KiB`;
  if (unit === 'ratio') return `${value.toFixed(2)}×`;
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 'per s') return `${value.toFixed(1)}/s`;
  return String(Number(value.toFixed(2)));
};

export function compareReport(before: BenchResult, after: BenchResult): string {
  const columns: Column<Change>[] = [
    { header: 'measure', value: (c) => c.metric },
    { header: before.label ?? 'before', value: (c) => show(c.before, c.unit), align: 'right' },
    { header: after.label ?? 'after', value: (c) => show(c.after, c.unit), align: 'right' },
    {
      header: 'change',
      value: (c) =>
        c.before !== undefined && c.after !== undefined && c.before !== 0
          ? `${c.after >= c.before ? '+' : ''}${(((c.after - c.before) / c.before) * 100).toFixed(0)}%`
          : '',
      align: 'right',
    },
  ];
  // Another patch release can bring another V8 too: any difference is worth the warning.
  const nodes =
    before.machine.node === after.machine.node
      ? []
      : [
          `Node.js ${before.machine.node} then ${after.machine.node}: cold and warm figures compare only within one Node version.`,
        ];
  return [
    heading(`Compared with ${before.label ?? before.startedAt}`),
    ...nodes,
    formatTable(columns, compareResults(before, after)),
  ].join('\n');
}
