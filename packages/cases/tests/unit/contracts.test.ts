import { readFileSync } from 'node:fs';
import { ROUTES, routeKey } from '@jilin/platform';
import { describe, expect, it } from 'vitest';
import { CONTRACTS, render } from '../../scripts/generate-contracts';
import { OPERATIONS } from '../../src';

describe('Contracts', () => {
  it.each(Object.keys(CONTRACTS))(
    'keeps contracts/%s as the schemas generate it (npm run generate)',
    (file) => {
      // Prepare
      const committed = readFileSync(new URL(`../../contracts/${file}`, import.meta.url), 'utf8');

      // Act
      const generated = render(CONTRACTS[file as keyof typeof CONTRACTS]());

      // Assess
      expect(committed).toBe(generated);
    },
  );

  it('has request and response schemas for every route, and none for a route that does not exist', () => {
    // Act
    const routes = ROUTES.map(routeKey).sort();

    // Assess
    expect(Object.keys(OPERATIONS).sort()).toEqual(routes);
  });

  it('documents every route of the topology in the OpenAPI document', () => {
    // Prepare
    const doc = JSON.parse(
      readFileSync(new URL('../../contracts/openapi.json', import.meta.url), 'utf8'),
    );

    // Act
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );

    // Assess
    expect(documented.sort()).toEqual(ROUTES.map(routeKey).sort());
    expect(doc.openapi).toBe('3.1.0');
  });
});
