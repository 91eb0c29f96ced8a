import { MinerError } from './miner-error.ts';

/** The reply could not be understood: not JSON even after the known repairs, wrong shape, bad framing. */
export class MinerProtocolError extends MinerError {
  /** The first bytes of the reply as text, for the log. */
  readonly excerpt: string;

  constructor(endpoint: string, what: string, problem: string, excerpt: string, options?: ErrorOptions) {
    super(
      'SY_ERR_MINER_PROTOCOL',
      endpoint,
      `malformed reply to ${what}: ${problem}`,
      { what, excerpt },
      options,
    );
    this.name = 'MinerProtocolError';
    this.excerpt = excerpt;
  }
}

/** The first `max` characters of a reply, with control characters made visible. */
export function excerptOf(text: string, max = 160): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return cut.replace(/\0/g, '\\0').replace(/[\r\n]+/g, ' ');
}
