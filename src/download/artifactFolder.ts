// Where artifacts go by default: a folder template with `${agent}`, `${session}` and `${date}`
// (the extension's `gumloop.artifactFolder` setting, the CLI's default). Each value becomes one
// safe path component (artifactNames.ts), so an agent called `../..` cannot climb out. Pure.
import { safeArtifactName } from './artifactNames';

export const DEFAULT_ARTIFACT_FOLDER = 'gumloop/agents/${agent}/${session}/';

export interface ArtifactFolderValues {
  /** The agent's name or id. */
  agent: string;
  /** The session's name or id; `all` when artifacts of many sessions go together. */
  session: string;
  /** Defaults to today (local time), `YYYY-MM-DD`. */
  date?: Date;
}

/**
 * The template with its variables filled in, `/`-separated and relative (no leading `/`, no `.`
 * or `..` parts, empty parts dropped). Unknown `${…}` are left as written, for the caller to report.
 */
export function expandArtifactFolder(template: string, values: ArtifactFolderValues): string {
  const date = values.date ?? new Date();
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  const fill: Record<string, string> = {
    agent: safeArtifactName(values.agent, 'agent').name,
    session: safeArtifactName(values.session, 'session').name,
    date: day,
  };
  const expanded = template.replace(/\$\{(agent|session|date)\}/g, (_, name: string) => fill[name]);
  return expanded
    .split(/[/\\]+/)
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .join('/');
}

/** `${…}` names in a template that expandArtifactFolder does not know, for a settings warning. */
export function unknownFolderVariables(template: string): string[] {
  return [...template.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1]).filter((name) => !['agent', 'session', 'date'].includes(name));
}
