import type { BrokerLogger } from "../../src/broker/logger.js";

export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  fields: object;
  message: string | undefined;
}

/** A logger that keeps what it was told, for assertions (and silence in test output). */
export function recordingLogger(): BrokerLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry["level"]) =>
    (fields: object, message?: string): void => {
      entries.push({ level, fields, message });
    };
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
