// The emulator README's description of the seed is read by people writing tests: its flow count
// must be the seed's (it once said eight while the seed had eleven).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

test('the emulator README counts the seeded flows right, and by whose they are', () => {
  const seed = path.join(REPO_ROOT, 'test', 'emulator', 'seed', 'flows');
  const flows = readdirSync(seed).map((id) => JSON.parse(readFileSync(path.join(seed, id, 'flow.json'), 'utf8')) as { user_id?: string; project_id?: string });
  const readme = readFileSync(path.join(REPO_ROOT, 'test', 'emulator', 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const claim = /(\w+) flows \((\w+) of demo-user's, (\w+) of demo-project, (\w+) of other-user\)/.exec(readme);
  assert.ok(claim, 'the README says how many flows the seed has');
  const [total, user, project, other] = claim.slice(1).map((word) => NUMBERS.indexOf(word));
  assert.equal(total, flows.length);
  assert.equal(project, flows.filter((flow) => flow.project_id === 'demo-project').length);
  assert.equal(user, flows.filter((flow) => flow.user_id === 'demo-user' && !flow.project_id).length);
  assert.equal(other, flows.filter((flow) => flow.user_id === 'other-user').length);
});

test('the emulator README counts the seeded agents data right', () => {
  const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'emulator', 'seed', 'agents.json'), 'utf8')) as {
    teams: { members: string[] }[];
    agents: { id: string; owner: string; team_id?: string }[];
    sessions: { agent_id: string; state: string }[];
    artifacts: { versions: unknown[] }[];
  };
  const readme = readFileSync(path.join(REPO_ROOT, 'test', 'emulator', 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const claim = /(\w+) teams \((\w+) of them demo-user's\), (\w+) agents \((\w+) of demo-user's own, (\w+) team agents, (\w+) of other-user\), (\d+) sessions \((\d+) of the research agent's, in every state\) and (\w+) artifacts \((\w+) with two versions/.exec(readme);
  assert.ok(claim, 'the README says what the agents seed holds');
  const count = (word: string) => (/^\d+$/.test(word) ? Number(word) : NUMBERS.indexOf(word));
  const [teams, demoTeams, agents, own, team, others, sessions, research, artifacts, twoVersions] = claim.slice(1).map(count);
  assert.equal(teams, seed.teams.length);
  assert.equal(demoTeams, seed.teams.filter((t) => t.members.includes('demo-user')).length);
  assert.equal(agents, seed.agents.length);
  assert.equal(own, seed.agents.filter((a) => a.owner === 'demo-user' && !a.team_id).length);
  assert.equal(team, seed.agents.filter((a) => a.team_id).length);
  assert.equal(others, seed.agents.filter((a) => a.owner === 'other-user' && !a.team_id).length);
  assert.equal(sessions, seed.sessions.length);
  assert.equal(research, seed.sessions.filter((s) => s.agent_id === 'AgEntRsrch01').length);
  assert.equal(new Set(seed.sessions.filter((s) => s.agent_id === 'AgEntRsrch01').map((s) => s.state)).size, 5);
  assert.equal(artifacts, seed.artifacts.length);
  assert.equal(twoVersions, seed.artifacts.filter((a) => a.versions.length === 2).length);
});
