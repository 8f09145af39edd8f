/**
 * What a bundle is made of, from its source map alone (the deployed `index.mjs.map`: sources
 * without their text, which is enough): the bytes of generated code each source produced, summed
 * by npm package.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES: ReadonlyMap<string, number> = new Map(
  [...BASE64].map((char, index) => [char, index]),
);

/** Decodes one source-map segment (base64 VLQ) into its fields. */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUES.get(char);
    if (digit === undefined) throw new SyntaxError(`not a base64 VLQ character: ${char}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      const negative = value % 2 === 1;
      const magnitude = Math.floor(value / 2);
      values.push(negative ? -magnitude : magnitude);
      value = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new SyntaxError('truncated VLQ segment');
  return values;
}

export interface SourceMapLike {
  readonly sources: readonly string[];
  readonly mappings: string;
}

/**
 * Bytes of generated code per source: each mapped segment owns the code from its column to the
 * next segment's (or the end of the line). Unmapped code (the banner, esbuild's runtime helpers
 * before the first mapping of a line) is counted under `(unmapped)`. Columns are UTF-16 units,
 * as in the map; the code is measured the same way, so multi-byte text counts once per unit.
 */
export function bytesBySource(code: string, map: SourceMapLike): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (key: string, n: number) => {
    if (n > 0) totals.set(key, (totals.get(key) ?? 0) + n);
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let source = 0;
  lines.forEach((line, index) => {
    const segments = (mappingLines[index] ?? '').split(',').filter((s) => s.length > 0);
    let column = 0;
    let previous: { column: number; source: number | undefined } | undefined;
    for (const segment of segments) {
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      let segmentSource: number | undefined;
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        segmentSource = source;
      }
      if (previous) {
        add(sourceName(map, previous.source), column - previous.column);
      } else {
        add('(unmapped)', column);
      }
      previous = { column, source: segmentSource };
    }
    const end = line.length + (index < lines.length - 1 ? 1 : 0);
    if (previous) add(sourceName(map, previous.source), end - previous.column);
    else add('(unmapped)', end);
  });
  return totals;
}

function sourceName(map: SourceMapLike, index: number | undefined): string {
  if (index === undefined) return '(unmapped)';
  return map.sources[index] ?? '(unmapped)';
}

/**
 * The npm package a source path belongs to (`@aws-sdk/client-dynamodb`, `zod`), the workspace
 * package for the repository's own code (`@jilin/cases` from `packages/cases/src/…`,
 * `functions` for `functions/…`), or the path itself.
 */
export function packageOf(source: string): string {
  const marker = 'node_modules/';
  const at = source.lastIndexOf(marker);
  if (at >= 0) {
    const parts = source.slice(at + marker.length).split('/');
    const first = parts[0] ?? source;
    return first.startsWith('@') ? `${first}/${parts[1] ?? ''}` : first;
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(source);
  if (workspace) return `@jilin/${workspace[1]}`;
  if (/(?:^|\/)functions\//.test(source)) return 'functions';
  return source;
}

/** Bytes per package, largest first. */
export function bytesByPackage(code: string, map: SourceMapLike): [string, number][] {
  const totals = new Map<string, number>();
  for (const [source, bytes] of bytesBySource(code, map)) {
    const name = source === '(unmapped)' ? source : packageOf(source);
    totals.set(name, (totals.get(name) ?? 0) + bytes);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** The AWS SDK v3 client packages a bundle contains (`@aws-sdk/client-*`, `@aws-sdk/lib-*`). */
export function sdkClientPackages(map: SourceMapLike): string[] {
  const found = new Set<string>();
  for (const source of map.sources) {
    const name = packageOf(source);
    if (/^@aws-sdk\/(client|lib)-/.test(name)) found.add(name);
  }
  return [...found].sort();
}
