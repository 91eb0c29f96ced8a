/**
 * The one catalogue of Switchyard error codes. Every thrown SwitchyardError carries one of these.
 * docs/errors.md has one entry per code; a test keeps the two in sync.
 */
export const errorCodes = {
  SY_ERR_CONFIG_INVALID: { httpStatus: 400, summary: 'A configuration or fleet file failed validation.' },
  SY_ERR_CONFIG_UNREADABLE: {
    httpStatus: 400,
    summary: 'A configuration or fleet file could not be read or parsed.',
  },
  SY_ERR_DATA_FILE_MISSING: {
    httpStatus: 500,
    summary: 'A market-data file is missing from the data directory.',
  },
  SY_ERR_DATA_FILE_MALFORMED: {
    httpStatus: 500,
    summary: 'A market-data file has a malformed header, row or cell.',
  },
  SY_ERR_DATA_SERIES_UNKNOWN: {
    httpStatus: 404,
    summary: 'A named price or weather series is not in the data directory.',
  },
  SY_ERR_DATA_NOT_COVERED: { httpStatus: 422, summary: 'Market data does not cover the requested time.' },
  SY_ERR_ALLOCATOR_INFEASIBLE: { httpStatus: 422, summary: 'A site plan has no feasible solution.' },
  SY_ERR_ALLOCATOR_UNBOUNDED: {
    httpStatus: 422,
    summary: 'A site plan is unbounded (a price or limit is missing).',
  },
  SY_ERR_ALLOCATOR_SOLVER_FAILED: { httpStatus: 500, summary: 'The LP solver failed or hit its time limit.' },
  SY_ERR_BACKTEST_INVALID: {
    httpStatus: 400,
    summary: 'A backtest request is invalid (dates, strategy or site).',
  },
  SY_ERR_STORAGE_CONFLICT: {
    httpStatus: 409,
    summary: 'The record changed since it was read (version conflict).',
  },
  SY_ERR_STORAGE_UNAVAILABLE: {
    httpStatus: 503,
    summary: 'The database cannot be reached or a migration failed.',
  },
  SY_ERR_BROKER_UNAVAILABLE: { httpStatus: 503, summary: 'The MQTT broker cannot be reached.' },
  SY_ERR_MESSAGE_INVALID: {
    httpStatus: 400,
    summary: 'A message from a site agent or the broker failed validation.',
  },
  SY_ERR_AUTH_REQUIRED: { httpStatus: 401, summary: 'No valid API key was presented.' },
  SY_ERR_AUTH_FORBIDDEN: {
    httpStatus: 403,
    summary: "The API key's role may not call this route or act for this site.",
  },
  SY_ERR_REQUEST_INVALID: {
    httpStatus: 400,
    summary: 'A request body, query or path parameter failed validation.',
  },
  SY_ERR_NOT_FOUND: { httpStatus: 404, summary: 'The route or the record does not exist.' },
  SY_ERR_REQUEST_TOO_LARGE: {
    httpStatus: 414,
    summary: 'The request URL (or its headers) is longer than the server accepts.',
  },
  SY_ERR_REQUEST_CONSTRAINT: {
    httpStatus: 422,
    summary: 'The request was well-formed but breaks a rule of the stored data; nothing was changed.',
  },
  SY_ERR_AUTH_RATE_LIMITED: {
    httpStatus: 429,
    summary: 'Too many failed authentications for this key id; wait before trying again.',
  },
  SY_ERR_MARKET_QUOTE_USED: {
    httpStatus: 409,
    summary: 'The quote was already used for a lease; ask for a new quote.',
  },
  SY_ERR_FLEET_CHANGE_STRANDS_SITE: {
    httpStatus: 409,
    summary: 'A fleet import would remove a currency, series or model that a site still uses.',
  },
  SY_ERR_MINER_UNREACHABLE: { httpStatus: 502, summary: 'The miner refused or did not accept a connection.' },
  SY_ERR_MINER_TIMEOUT: {
    httpStatus: 504,
    summary: 'The miner did not connect or reply within the timeout.',
  },
  SY_ERR_MINER_PROTOCOL: { httpStatus: 502, summary: 'The miner sent a reply that could not be understood.' },
  SY_ERR_MINER_COMMAND_REFUSED: {
    httpStatus: 409,
    summary: 'The miner answered but refused the command (error status, bad credentials).',
  },
  SY_ERR_MINER_UNSUPPORTED_COMMAND: {
    httpStatus: 422,
    summary: 'This miner, model or firmware cannot do the command; nothing was sent.',
  },
  SY_ERR_MINER_POWER_TARGET_OUT_OF_RANGE: {
    httpStatus: 422,
    summary: "The power target is outside the miner's range; nothing was sent.",
  },
  SY_ERR_MINER_UNKNOWN_DIALECT: {
    httpStatus: 422,
    summary: 'The host answered, but not in any miner API dialect this library speaks.',
  },
  SY_ERR_LEDGER_REJECTED: {
    httpStatus: 422,
    summary: 'A ledger posting was refused: unbalanced, unknown account, mixed units or a reused key.',
  },
  SY_ERR_MARKET_NO_CAPACITY: {
    httpStatus: 409,
    summary: 'The hub has too few free GPUs of that model for the lease; nothing was booked.',
  },
  SY_ERR_MARKET_QUOTA_EXCEEDED: {
    httpStatus: 409,
    summary: 'The lease would take the tenant past its GPU quota; nothing was booked.',
  },
  SY_ERR_MARKET_SPENDING_LIMIT: {
    httpStatus: 402,
    summary: 'The lease would take the tenant past its monthly spending limit, or the limit was reached.',
  },
  SY_ERR_MARKET_QUOTE_EXPIRED: {
    httpStatus: 410,
    summary: 'The quote is past its validity; ask for a new one.',
  },
  SY_ERR_MARKET_TERM_INVALID: {
    httpStatus: 400,
    summary: 'The tier, term, GPU count, deadline or price limit of a quote request is invalid.',
  },
  SY_ERR_MARKET_LEASE_STATE: {
    httpStatus: 409,
    summary: 'The lease is not in a state that allows this (e.g. stopping a completed lease).',
  },
  SY_ERR_MARKET_IDEMPOTENCY_CONFLICT: {
    httpStatus: 409,
    summary: 'The idempotency key was already used for a lease from a different quote.',
  },
  SY_ERR_MARKET_WORKLOAD_INVALID: {
    httpStatus: 400,
    summary: 'The workload of a lease (script, command, environment or SSH public key) is invalid.',
  },
  SY_ERR_COMPUTE_BACKEND: {
    httpStatus: 502,
    summary: 'The compute backend (GPU nodes) refused or failed a provision, start, stop or preempt.',
  },
  SY_ERR_FEED_UNAVAILABLE: {
    httpStatus: 502,
    summary: 'A market-data feed did not answer in time, refused the request or answered with an HTTP error.',
  },
  SY_ERR_FEED_REPLY_INVALID: {
    httpStatus: 502,
    summary: "A market-data feed's reply is not in the provider's published format (malformed, wrong shape).",
  },
  SY_ERR_POOL_UNREACHABLE: {
    httpStatus: 502,
    summary: "A mining pool's API did not answer, or answered with an HTTP error status.",
  },
  SY_ERR_POOL_REJECTED: {
    httpStatus: 502,
    summary: "A mining pool's API answered with its own error envelope (bad key, bad query).",
  },
  SY_ERR_POOL_REPLY_MALFORMED: {
    httpStatus: 502,
    summary: "A mining pool's reply is not in the pool's published format; nothing of it was stored.",
  },
  SY_ERR_METER_UNREACHABLE: {
    httpStatus: 504,
    summary: 'The site meter did not accept a connection or did not answer in time.',
  },
  SY_ERR_METER_PROTOCOL: {
    httpStatus: 502,
    summary: 'The site meter sent a Modbus frame that is malformed, or a Modbus exception.',
  },
  SY_ERR_INTERNAL: { httpStatus: 500, summary: 'An unexpected internal error.' },
} as const;

export type ErrorCode = keyof typeof errorCodes;
