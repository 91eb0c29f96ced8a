/**
 * The Braiins OS+ GraphQL documents (`POST /graphql`, 21.09 to 25.05), as the public clients send them
 * (asic-rs `braiins/v21_09`): system, boards, tuning, pools; mutations `bosminer { stop | start }` and
 * `bosminer { config { updateAutotuning(input: { powerTarget }, apply: true) } }`; login `auth { login }`.
 */
export const GQL_SYSTEM = `{
  bos { hostname faultLight info { version { full } } uptime { durationS } }
  bosminer { info {
    workSolver { realHashrate { mhs5S } nominalMhs }
    fans { name speed rpm }
    summary { power { limitW approxConsumptionW } }
  } }
}`;

export const GQL_BOARDS = `{
  bosminer { info { workSolver { childSolvers {
    name realHashrate { mhs5S } nominalMhs
    hwDetails { chips frequencyMhz voltageV }
    temperatures { name degreesC }
  } } } }
}`;

export const GQL_TUNING = `{
  bosminer {
    config { ... on BosminerConfig { autotuning { mode powerTarget hashrateTarget } } }
    info { summary { power { limitW } } }
  }
}`;

export const GQL_POOLS = `{
  bosminer { info { poolGroups { name pools {
    url user status active shares { acceptedSolutions rejectedSolutions }
  } } } }
}`;

export const GQL_POWER_TARGET_META = `{
  bosminer { metadata { autotuning { powerTarget { default min max } } } }
}`;

export const GQL_LOGIN = `mutation ($username: String!, $password: String!) {
  auth { login(username: $username, password: $password) { ... on VoidResult { void } } }
}`;

export const GQL_STOP = 'mutation { bosminer { stop { ... on VoidResult { void } } } }';
export const GQL_START = 'mutation { bosminer { start { ... on VoidResult { void } } } }';

export const GQL_SET_POWER_TARGET = `mutation ($limit: Int!) {
  bosminer { config { updateAutotuning(input: { powerTarget: $limit }, apply: true) {
    ... on AutotuningOut { autotuning { powerTarget enabled } }
  } } }
}`;
