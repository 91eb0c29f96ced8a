import { SwitchyardError } from '../../core/errors/index.ts';

/**
 * The first connection to the broker failed, as one of our errors with the mqtt.js error as the
 * cause: refused credentials (SY_ERR_AUTH_REQUIRED), a client id owned by another principal
 * (SY_ERR_AUTH_FORBIDDEN), or an unreachable broker (SY_ERR_BROKER_UNAVAILABLE).
 */
export function brokerConnectError(url: string, cause: unknown): SwitchyardError {
  const reasonCode = (cause as { code?: unknown } | undefined)?.code;
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (reasonCode === 4 || reasonCode === 5 || reasonCode === 134 || reasonCode === 135) {
    return new SwitchyardError(
      'SY_ERR_AUTH_REQUIRED',
      `MQTT broker ${url} refused the credentials: ${detail}`,
      { url, reasonCode },
      { cause },
    );
  }
  if (reasonCode === 2 || reasonCode === 133) {
    return new SwitchyardError(
      'SY_ERR_AUTH_FORBIDDEN',
      `MQTT broker ${url} refused the client id: ${detail}`,
      { url, reasonCode },
      { cause },
    );
  }
  return new SwitchyardError(
    'SY_ERR_BROKER_UNAVAILABLE',
    `MQTT broker ${url} unreachable: ${detail}`,
    { url, reasonCode },
    { cause },
  );
}
