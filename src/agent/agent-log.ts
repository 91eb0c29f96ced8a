/** The slice of a pino-style logger the site agent writes to. */
export interface AgentLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Drops everything; for tests. */
export const silentAgentLog: AgentLog = {
  info() {},
  warn() {},
  error() {},
};

/** Writes to stderr; for callers that pass no logger. */
export const consoleAgentLog: AgentLog = {
  info(obj, msg) {
    console.info(msg, obj);
  },
  warn(obj, msg) {
    console.warn(msg, obj);
  },
  error(obj, msg) {
    console.error(msg, obj);
  },
};

/** Collects entries; for tests that assert on what was logged. */
export class RecordingAgentLog implements AgentLog {
  readonly entries: { level: 'info' | 'warn' | 'error'; msg: string; obj: object }[] = [];

  info(obj: object, msg: string): void {
    this.entries.push({ level: 'info', msg, obj });
  }

  warn(obj: object, msg: string): void {
    this.entries.push({ level: 'warn', msg, obj });
  }

  error(obj: object, msg: string): void {
    this.entries.push({ level: 'error', msg, obj });
  }
}
