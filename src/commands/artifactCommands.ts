// The Agents view's artifact jobs: open an artifact (download it, then open it), Download Session
// Artifacts, Download All Artifacts of an Agent, Compare with Workspace Copy. Thin adapters over
// the core's downloadArtifacts (download/), run as download jobs with progress and cancel.
import { Commands } from '../constants';
import { GumloopError } from '../errors';
import type { Services } from '../services';
import type { AgentsView } from '../views/agentsView';

export function artifactCommandHandlers(_services: Services, _agents: AgentsView): Record<string, (...args: never[]) => Promise<unknown>> {
  const notYet = async (): Promise<void> => {
    throw new GumloopError('invalid-input', 'Artifact downloads are not available in this build yet.');
  };
  return {
    [Commands.openArtifact]: notYet,
    [Commands.downloadSessionArtifacts]: notYet,
    [Commands.downloadAgentArtifacts]: notYet,
    [Commands.compareArtifact]: notYet,
  };
}
