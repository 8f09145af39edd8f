import { ApiError } from './errors';

/** Default cap on a request body, in bytes after base64 decoding. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** Deepest nesting of objects and arrays a JSON body may have. */
export const MAX_JSON_DEPTH = 32;

const JSON_MEDIA_TYPE = /^application\/json\s*(?:;(?<params>.*))?$/i;
const CHARSET = /(?:^|;)\s*charset\s*=\s*"?(?<charset>[^";\s]+)"?/i;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** What a body-carrying request looks like to the reader (a subset of the 2.0 event). */
export interface RawBody {
  readonly body?: string | undefined;
  readonly isBase64Encoded?: boolean | undefined;
}

/**
 * Reads a JSON request body, in order: absent or empty → `undefined` (the schema decides whether
 * that is allowed); `content-type` not `application/json` (a charset other than UTF-8 included)
 * → 415; more than `maxBytes` → 413; not UTF-8 or not JSON → 400 MALFORMED_JSON; nested deeper
 * than {@link MAX_JSON_DEPTH} → 400 JSON_TOO_DEEP (checked on the text, before parsing).
 */
export function readJsonBody(
  event: RawBody,
  contentType: string | undefined,
  maxBytes: number,
): unknown {
  const raw = event.body;
  if (raw === undefined || raw === '') return undefined;
  if (!isJsonContentType(contentType)) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      '请求内容须为 JSON 格式（Content-Type: application/json; charset=utf-8）',
    );
  }
  const text = event.isBase64Encoded ? decodeBase64(raw, maxBytes) : checkSize(raw, maxBytes);
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new ApiError(400, 'JSON_TOO_DEEP', `请求内容的嵌套层级过深（最多${MAX_JSON_DEPTH}层）`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw malformed();
  }
}

/** `application/json`, optionally with a UTF-8 charset; media type and charset case-insensitive. */
export function isJsonContentType(value: string | undefined): boolean {
  const match = value === undefined ? null : JSON_MEDIA_TYPE.exec(value.trim());
  if (!match) return false;
  const charset = CHARSET.exec(match.groups?.params ?? '')?.groups?.charset;
  return charset === undefined || /^utf-?8$/i.test(charset);
}

const tooLarge = (maxBytes: number): ApiError =>
  new ApiError(413, 'PAYLOAD_TOO_LARGE', `请求内容过大（最大${Math.floor(maxBytes / 1024)} KB）`);

const malformed = (): ApiError => new ApiError(400, 'MALFORMED_JSON', '请求内容不是有效的 JSON');

function checkSize(text: string, maxBytes: number): string {
  // A UTF-16 code unit is at least one UTF-8 byte: the length alone settles most cases.
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw tooLarge(maxBytes);
  }
  return text;
}

function decodeBase64(encoded: string, maxBytes: number): string {
  // Four base64 characters per three bytes: refuse before decoding what cannot fit.
  if (encoded.length > Math.ceil(maxBytes / 3) * 4 + 4) throw tooLarge(maxBytes);
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  try {
    return UTF8.decode(bytes);
  } catch {
    throw malformed();
  }
}

/** Whether objects and arrays nest deeper than `max` (the top level is depth 1). */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
