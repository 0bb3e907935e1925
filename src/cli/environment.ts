// What the CLI reads from the environment besides the key: the scope, as Gumloop's own CLI reads
// it (GUMLOOP_USER_ID, GUMLOOP_PROJECT_ID; GUMLOOP_BASE_URL is read in connection.ts), and whether
// it runs in GitHub Actions. A flag always wins over the environment. Pure.
import type { CliValues } from './args';

/** The environment variables that stand in for a flag left out. */
export const SCOPE_VARIABLES = { 'user-id': 'GUMLOOP_USER_ID', 'project-id': 'GUMLOOP_PROJECT_ID' } as const;

/** `values` with --user-id and --project-id taken from the environment where no flag gave them. */
export function withScopeFromEnvironment(values: CliValues, env: NodeJS.ProcessEnv): CliValues {
  const filled: CliValues = { ...values };
  for (const [flag, variable] of Object.entries(SCOPE_VARIABLES) as [keyof typeof SCOPE_VARIABLES, string][]) {
    const fromEnv = env[variable]?.trim();
    if (filled[flag] === undefined && fromEnv) filled[flag] = fromEnv;
  }
  return filled;
}

/** GitHub's runner sets GITHUB_ACTIONS=true in every step: a runner reads (and hides) what the CLI masks. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Set by the Action for the CLI it runs: workflow commands even where no runner set GITHUB_ACTIONS. */
export const WORKFLOW_COMMANDS_VARIABLE = 'GUMLOOP_FILES_WORKFLOW_COMMANDS';

/** Groups, annotations and guarded server text: in GitHub Actions, or when the Action asks for them. */
export function writesWorkflowCommands(env: NodeJS.ProcessEnv): boolean {
  return inGitHubActions(env) || env[WORKFLOW_COMMANDS_VARIABLE] === 'true';
}
