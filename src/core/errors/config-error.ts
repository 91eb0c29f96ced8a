import { SwitchyardError } from './switchyard-error.ts';

/** One problem in a configuration document: where (a path like `sites[3].battery.capacityMwh`) and what. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** A configuration or fleet file failed validation; carries every issue, not just the first. */
export class ConfigError extends SwitchyardError {
  readonly issues: readonly ConfigIssue[];

  constructor(source: string, issues: readonly ConfigIssue[]) {
    super('SY_ERR_CONFIG_INVALID', `${source}: ${issues.length} problem(s)\n${formatIssues(issues)}`, {
      source,
      issues,
    });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
}
