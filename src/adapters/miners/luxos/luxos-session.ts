import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { asText, at } from '../reading/json-values.ts';
import type { CgminerReply, CgminerTransport } from '../transport/cgminer-transport.ts';

/**
 * Runs a privileged LuxOS command inside a session: reuses the open session (`session`) or opens one
 * (`logon`), sends `command` with `"<session id>,<argument>"` as parameter, and logs off a session it
 * opened itself. The session id never appears in errors.
 */
export async function withLuxSession(
  transport: CgminerTransport,
  command: string,
  argument: string,
): Promise<CgminerReply> {
  let sessionId: string | null = null;
  let opened = false;
  try {
    sessionId = asText(at((await transport.command('session')).body, 'SESSION', 0, 'SessionID'));
  } catch (error) {
    if (!(error instanceof MinerCommandRefusedError)) throw error;
  }
  if (!sessionId) {
    const logon = await transport.command('logon');
    sessionId = asText(at(logon.body, 'SESSION', 0, 'SessionID'));
    if (!sessionId)
      throw new MinerCommandRefusedError(transport.where, 'logon', null, 'no SessionID in the reply');
    opened = true;
  }
  try {
    return await transport.command(command, `${sessionId},${argument}`);
  } finally {
    if (opened) await logoff(transport, sessionId);
  }
}

/** Closes a session this client opened; a failure only leaves it to time out, so it is not raised. */
async function logoff(transport: CgminerTransport, sessionId: string): Promise<void> {
  try {
    await transport.command('logoff', sessionId);
  } catch (error) {
    if (!(error instanceof MinerError)) throw error;
  }
}
