/** The request can never become a mail (missing field, unknown template, unopenable secret). */
export class MalformedMailError extends Error {
  override readonly name = 'MalformedMailError';
}
