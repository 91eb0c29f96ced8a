import type { JsonObject } from '../reading/json-values.ts';
import { asNumber, asObject, asText, at } from '../reading/json-values.ts';
import type { HttpJsonResponse, HttpMethod } from '../transport/http-json-transport.ts';
import type { Identification } from './identify-firmware.ts';

/** One HTTP identification: what to ask and how to read the answer. */
export interface HttpProbe {
  readonly method: HttpMethod;
  readonly path: string;
  readonly body?: unknown;
  /** What the answer identifies, or `null` when it identifies nothing. */
  readonly identify: (response: HttpJsonResponse) => Identification | null;
}

const object = (response: HttpJsonResponse): JsonObject | null =>
  response.status >= 200 && response.status < 300 ? asObject(response.body) : null;

/** `bos { info { version { full } } }`: the smallest query every Braiins OS+ GraphQL answers. */
export const BRAIINS_GRAPHQL_VERSION_QUERY = '{ bos { info { version { full } } } }';

/**
 * The HTTP identifications, in the order detection asks them: each firmware's own version or info path
 * (Braiins REST, VNish, Braiins GraphQL, Bitaxe AxeOS, ePIC PowerPlay), then Bitmain's CGI, whose 401
 * Digest realm names an Antminer (or an Elphapex) web interface.
 */
export const HTTP_PROBES: readonly HttpProbe[] = [
  {
    method: 'GET',
    path: '/api/v1/version',
    identify: (response) =>
      asNumber(at(object(response), 'major')) !== null
        ? { dialect: 'braiins-os', firmware: 'Braiins OS (REST API)' }
        : null,
  },
  {
    method: 'GET',
    path: '/api/v1/info',
    identify: (response) => {
      const info = object(response);
      const name = asText(info?.fw_name);
      return name && /vnish|anthill/i.test(name)
        ? { dialect: 'vnish', firmware: `VNish ${asText(info?.fw_version) ?? ''}`.trim() }
        : null;
    },
  },
  {
    method: 'POST',
    path: '/graphql',
    body: { query: BRAIINS_GRAPHQL_VERSION_QUERY },
    identify: (response) => {
      const full = asText(at(object(response), 'data', 'bos', 'info', 'version', 'full'));
      return full ? { dialect: 'braiins-graphql', firmware: `Braiins OS+ ${full}` } : null;
    },
  },
  {
    method: 'GET',
    path: '/api/system/info',
    identify: (response) => {
      const info = object(response);
      return info && ('ASICModel' in info || 'hashRate' in info)
        ? { dialect: 'bitaxe', firmware: `Bitaxe AxeOS ${asText(info.version) ?? ''}`.trim() }
        : null;
    },
  },
  {
    method: 'GET',
    path: '/summary',
    identify: (response) => {
      const summary = object(response);
      const software = asText(summary?.Software);
      return summary &&
        (software?.toLowerCase().includes('powerplay') ||
          ('HBs' in summary && 'Power Supply Stats' in summary))
        ? { dialect: 'epic', firmware: `ePIC ${software ?? 'PowerPlay'}` }
        : null;
    },
  },
  {
    method: 'GET',
    path: '/cgi-bin/get_system_info.cgi',
    identify: (response) => {
      const realm = String(response.headers?.['www-authenticate'] ?? '');
      const info = object(response);
      const type = asText(info?.minertype) ?? '';
      if (/^DG/i.test(type) || /elphapex/i.test(type))
        return { dialect: 'elphapex', firmware: `Elphapex ${type}` };
      if (type || /antminer/i.test(realm)) {
        return {
          dialect: null,
          firmware: `Antminer web interface${type ? ` (${type})` : ''} without a cgminer API on this port`,
        };
      }
      return null;
    },
  },
];
