import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';

/**
 * Sends a control command whose effect the caller verifies by reading back. Some firmware acts before
 * it answers (Avalon `softon` closes the connection, a Whatsminer power-off or limit change may cut
 * the reply), so a missing reply is not a failure here: it becomes the acknowledgement text and the
 * read-back decides. Refusals and unreachable miners still throw.
 */
export async function acknowledgement(send: () => Promise<string>): Promise<string> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof MinerTimeoutError && error.phase === 'read') {
      return `no reply within ${error.timeoutMs} ms`;
    }
    if (error instanceof MinerProtocolError && error.problem.includes('empty reply')) {
      return 'connection closed without a reply';
    }
    throw error;
  }
}
