import type { AgentLog } from '../../src/agent/index.ts';

/** Counts the agents' warnings and errors by message, with the sites that logged them; prints nothing. */
export class CountingLog {
  readonly #counts = new Map<string, { n: number; sites: Set<string> }>();

  forSite(siteId: string): AgentLog {
    return {
      info: () => {},
      warn: (_obj, msg) => this.#count(`warn "${msg}"`, siteId),
      error: (obj, msg) => this.#count(`error "${msg}" ${JSON.stringify(obj).slice(0, 200)}`, siteId),
    };
  }

  summary(): string {
    if (this.#counts.size === 0) return 'nothing';
    return [...this.#counts]
      .sort((a, b) => b[1].n - a[1].n)
      .slice(0, 4)
      .map(([what, { n, sites }]) => {
        const where = sites.size <= 3 ? [...sites].join(', ') : `${sites.size} sites`;
        return `${n}x ${what} (${where})`;
      })
      .join(', ');
  }

  #count(key: string, siteId: string): void {
    const entry = this.#counts.get(key) ?? { n: 0, sites: new Set<string>() };
    entry.n += 1;
    entry.sites.add(siteId);
    this.#counts.set(key, entry);
  }
}
