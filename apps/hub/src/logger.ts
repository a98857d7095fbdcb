import { type Logger as PinoLogger, pino } from "pino";

export type Logger = Pick<PinoLogger, "debug" | "info" | "warn" | "error" | "fatal" | "child">;

/** JSON logs on stdout, one object per line (pino). */
export function createLogger(level: string): PinoLogger {
  return pino({ level, base: { service: "pulseboard-hub" } });
}
