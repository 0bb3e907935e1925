// Tolerant reading of Gumloop's JSON answers, shared by the resource modules (flows, run history).
// Gumloop documents few fields as required and some shapes not at all, so: unknown fields are
// ignored, a missing optional field is "unknown", and only a body of the wrong type is an error —
// a GumloopError('invalid-response') that says what to check, never a TypeError from deep inside.
import { GumloopError } from '../errors';
import { cleanLine, cleanText } from '../sanitize';
import { isApiId } from '../validation';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a 200 body, or throws the error that names the endpoint. */
export function parseJsonBody(text: string, endpoint: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw invalidResponse(endpoint, 'something that is not JSON', { cause });
  }
}

/** What `value` is, in words, for an error message. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function invalidResponse(endpoint: string, what: string, details: { cause?: unknown } = {}): GumloopError {
  return new GumloopError(
    'invalid-response',
    `Gumloop answered ${endpoint} with ${what}. Check the base URL setting; if it points at Gumloop, the API may have changed: report it with the Gumloop log.`,
    details,
  );
}

/** A non-empty string, else undefined (unknown). */
export function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * An ID Gumloop sent (a run's), which is shown and sent back exactly as it is: printable ASCII
 * without spaces, so it cannot carry escape sequences, controls or bidi overrides; else undefined.
 */
export function optionalId(value: unknown): string | undefined {
  return typeof value === 'string' && isApiId(value) ? value : undefined;
}

/**
 * Text Gumloop sent for people to read (a name, a state, a date), as one clean line; undefined
 * when missing or empty once cleaned. Never for IDs: those go back in requests exactly as sent.
 */
export function optionalLine(value: unknown): string | undefined {
  const text = optionalText(value);
  return text === undefined ? undefined : optionalText(cleanLine(text));
}

/** As optionalLine, for free text that may span lines (a description). */
export function optionalParagraph(value: unknown): string | undefined {
  const text = optionalText(value);
  return text === undefined ? undefined : optionalText(cleanText(text));
}

/** The documented list field of an object body, or a bare list; anything else is the wrong type. */
export function listField(body: unknown, field: string, endpoint: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) throw invalidResponse(endpoint, `${describeJsonType(body)} where an object with “${field}” was expected`);
  const list = body[field];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw invalidResponse(endpoint, `“${field}” as ${describeJsonType(list)}, not a list`);
  return list;
}
