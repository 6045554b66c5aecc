/**
 * A value read from a file or a command line, as text for a message or a
 * comparison: what `String` gives for scalars and lists, and JSON (never
 * `[object Object]`) for a mapping.
 */
export function displayText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map((v) => (v === null || v === undefined ? '' : displayText(v))).join(',');
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return typeof value === 'symbol' ? value.toString() : typeof value;
}
