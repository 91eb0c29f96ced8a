import { feedReplyInvalid } from '../feed-error.ts';
import { getJson, type HttpTransport } from '../http-transport.ts';
import { record } from '../json-fields.ts';

/** ERCOT's published sign-in for the public API: Azure AD B2C, resource-owner password flow. */
export const ERCOT_TOKEN_URL =
  'https://ercotb2c.b2clogin.com/ercotb2c.onmicrosoft.com/B2C_1_PUBAPI-ROPC-FLOW/oauth2/v2.0/token';
export const ERCOT_CLIENT_ID = 'fec253ea-0d06-4272-a5e6-b478baeecd70';

/** Credentials from the environment (ERCOT_API_USERNAME, ERCOT_API_PASSWORD, ERCOT_API_SUBSCRIPTION_KEY or their _FILE). */
export interface ErcotCredentials {
  readonly username: string;
  readonly password: string;
  readonly subscriptionKey: string;
  readonly tokenUrl?: string;
}

/**
 * The bearer token for ERCOT's public API, fetched with the account's username and password and
 * kept until a minute before it expires (ERCOT's tokens last an hour). The `id_token` is the
 * bearer ERCOT documents; `access_token` is used when no `id_token` comes.
 */
export class ErcotToken {
  #token: string | undefined;
  #expiresAtMs = 0;

  constructor(
    private readonly feedId: string,
    private readonly credentials: ErcotCredentials,
    private readonly transport: HttpTransport,
  ) {}

  async bearer(nowMs: number, signal: AbortSignal): Promise<string> {
    if (this.#token && nowMs < this.#expiresAtMs) return this.#token;
    const query = new URLSearchParams({
      username: this.credentials.username,
      password: this.credentials.password,
      grant_type: 'password',
      scope: `openid ${ERCOT_CLIENT_ID} offline_access`,
      client_id: ERCOT_CLIENT_ID,
      response_type: 'id_token',
    });
    const reply = record(
      this.feedId,
      await getJson(this.feedId, this.transport, {
        url: `${this.credentials.tokenUrl ?? ERCOT_TOKEN_URL}?${query}`,
        method: 'POST',
        signal,
      }),
      'token reply',
    );
    const token = reply.id_token ?? reply.access_token;
    if (typeof token !== 'string' || token === '')
      throw feedReplyInvalid(this.feedId, 'token reply has no id_token');
    const lifetimeS = Number(reply.expires_in ?? 3600);
    this.#token = token;
    this.#expiresAtMs = nowMs + (Number.isFinite(lifetimeS) ? lifetimeS : 3600) * 1000 - 60_000;
    return token;
  }

  forget(): void {
    this.#token = undefined;
  }
}
