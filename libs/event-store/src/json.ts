/** JSON text for stored data and metadata. bigint becomes its decimal string, as JSON has no bigint. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    // A replacer slows every stringify down; pay for it only when a bigint is actually there.
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}
