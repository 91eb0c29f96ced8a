/** The slice of a pino-style logger the broker adapters write to. */
export interface BrokerLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** Writes warnings to stderr; for callers that pass no logger. */
export const consoleBrokerLog: BrokerLog = {
  warn(obj, msg) {
    console.warn(msg, obj);
  },
};
