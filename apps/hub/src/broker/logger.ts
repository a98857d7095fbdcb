/**
 * The slice of a pino logger the brokers use, so tests can pass a recorder and the broker does
 * not depend on pino itself.
 */
export interface BrokerLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}
