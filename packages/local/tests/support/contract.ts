import { createOpenApiDocument } from '@jilin/cases';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks an answer of the local HTTP API against what the OpenAPI document promises for its
 * route and status (JSON Schema 2020-12, as OpenAPI 3.1 has it), so a response that drifts from
 * the published contract, or a contract no response could meet, fails the test that got it.
 * Ajv rather than zod: the document is what clients generate code from, not the schemas it was
 * made of.
 */
const DOCUMENT_ID = 'urn:jilin:openapi';
// Strict: a keyword Ajv does not know fails the schema that holds it, instead of being ignored
// (say a future zod-openapi emitting OpenAPI 3.0's `nullable`). Known and ignored: the document's
// own members around its schemas, and OpenAPI's `example`. Union types (`"type": [...]`) are
// JSON Schema, which the document uses for the form's values.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags']);
ajv.addVocabulary(['example']);
ajv.addSchema({ ...createOpenApiDocument(), $id: DOCUMENT_ID });

const pointer = (...segments: string[]) =>
  segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

/**
 * The contract's violations by this answer (empty when it conforms), or a note that the
 * contract documents no body for the route and status.
 * @param route `GET /v1/cases/{caseId}`
 */
export function contractViolations(
  route: string,
  status: number,
  contentType: string,
  body: unknown,
): string[] {
  const [method = '', path = ''] = route.split(' ');
  const media = contentType.split(';')[0]?.trim() ?? '';
  const ref = `${DOCUMENT_ID}#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content', media, 'schema')}`;
  const validate = ajv.getSchema(ref);
  if (!validate) return [`the contract documents no ${media} body for ${route} → ${status}`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
