/**
 * Why an `append` did not happen: the hub's `error` code (`forbidden`, `bad_message`,
 * `rate_limited`, …), or, when no answer could come, `not_connected` (the connection was not
 * open), `timeout` (no answer within the reply timeout) or `closed` (the socket went away
 * first; the event may or may not have been appended).
 */
export class AppendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AppendError";
  }
}
