/** JSON text for stored data and metadata. bigint becomes its decimal string, as JSON has no bigint. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
