// What the agent sends to the tools: checked field by field, refusals that name the field and
// what to send, limits said rather than applied silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_LOG_LINES,
  DEFAULT_WAIT_SECONDS,
  MAX_INPUT_VALUE_CHARS,
  MAX_WAIT_SECONDS,
  parseDownloadArtifactsInput,
  parseDownloadRunFilesInput,
  parseGetRunInput,
  parseListArtifactsInput,
  parseRunFlowInput,
} from '../../src/ui/toolInputs';

function refused(result: { ok: boolean; reason?: string }): string {
  assert.equal(result.ok, false, 'refused');
  return (result as { reason: string }).reason;
}

test('runFlow: inputs as name → text, waiting by default within the limit', () => {
  assert.deepEqual(parseRunFlowInput({ flowId: ' BlOgWriter01 ', inputs: { topic: 'solar', count: 3 } }), {
    ok: true,
    value: { flowId: 'BlOgWriter01', inputs: [{ name: 'topic', value: 'solar' }, { name: 'count', value: '3' }], waitSeconds: DEFAULT_WAIT_SECONDS, logLines: DEFAULT_LOG_LINES },
  });
  const noWait = parseRunFlowInput({ flowId: 'f1', wait: false, waitSeconds: 30 });
  assert.ok(noWait.ok && noWait.value.waitSeconds === 0, 'wait: false starts and returns');
  const waitLong = parseRunFlowInput({ flowId: 'f1', waitSeconds: MAX_WAIT_SECONDS });
  assert.ok(waitLong.ok && waitLong.value.waitSeconds === MAX_WAIT_SECONDS);
});

test('runFlow: each bad field is named with what to send', () => {
  assert.match(refused(parseRunFlowInput({})), /^flowId is required/);
  assert.match(refused(parseRunFlowInput({ flowId: 'has space' })), /^flowId: A flow ID \(saved_item_id, from gumloop_listFlows\) has only letters/);
  assert.match(refused(parseRunFlowInput({ flowId: 'f1', inputs: ['topic'] })), /inputs must be an object of input name → text value/);
  assert.match(refused(parseRunFlowInput({ flowId: 'f1', inputs: { topic: { nested: true } } })), /inputs\.topic must be text/);
  assert.match(refused(parseRunFlowInput({ flowId: 'f1', inputs: { topic: 'x'.repeat(MAX_INPUT_VALUE_CHARS + 1) } })), /longer than 100,000 characters/);
  assert.match(refused(parseRunFlowInput({ flowId: 'f1', waitSeconds: MAX_WAIT_SECONDS + 1 })), /waitSeconds is at most 600/);
  assert.match(refused(parseRunFlowInput({ flowId: 'f1', waitSeconds: 1.5 })), /waitSeconds must be a whole number/);
  assert.match(refused(parseRunFlowInput({ flowId: 'f1', wait: 'yes' })), /wait must be true or false/);
  assert.match(refused(parseRunFlowInput({ flowId: 'f1', userId: 'someone-else' })), /Unknown field “userId”: the fields are flowId, inputs/);
  assert.match(refused(parseRunFlowInput('f1')), /must be a JSON object/);
});

test('getRun: a run ID, or a pasted run URL, and how many log lines', () => {
  assert.deepEqual(parseGetRunInput({ runId: 'Q7kR2mXv9LpT' }), { ok: true, value: { runId: 'Q7kR2mXv9LpT', logLines: DEFAULT_LOG_LINES } });
  const fromUrl = parseGetRunInput({ runId: 'https://www.gumloop.com/pipeline?run_id=Q7kR2mXv9LpT', logLines: 0 });
  assert.ok(fromUrl.ok && fromUrl.value.runId === 'Q7kR2mXv9LpT' && fromUrl.value.logLines === 0);
  assert.match(refused(parseGetRunInput({})), /^runId is required/);
  assert.match(refused(parseGetRunInput({ runId: '../../etc' })), /^runId: A run ID has/);
  assert.match(refused(parseGetRunInput({ runId: 'Q7kR2mXv9LpT', logLines: 201 })), /logLines is at most 200/);
});

test('downloadRunFiles: names, and only the three conflict answers', () => {
  assert.deepEqual(parseDownloadRunFilesInput({ runId: 'Q7kR2mXv9LpT', fileNames: ['a.csv', 'a.csv', 'b.pdf'], onConflict: 'keepBoth' }), {
    ok: true,
    value: { runId: 'Q7kR2mXv9LpT', fileNames: ['a.csv', 'b.pdf'], onConflict: 'keepBoth' },
  });
  const plain = parseDownloadRunFilesInput({ runId: 'Q7kR2mXv9LpT' });
  assert.ok(plain.ok && plain.value.fileNames === undefined && plain.value.onConflict === undefined, 'no names: the outputs’; no answer: the setting');
  assert.match(refused(parseDownloadRunFilesInput({ runId: 'Q7kR2mXv9LpT', onConflict: 'replace' })), /onConflict must be one of skip, keepBoth, overwrite/);
  assert.match(refused(parseDownloadRunFilesInput({ runId: 'Q7kR2mXv9LpT', fileNames: [] })), /fileNames is empty/);
  assert.match(refused(parseDownloadRunFilesInput({ runId: 'Q7kR2mXv9LpT', fileNames: 'a.csv' })), /fileNames must be a list/);
  assert.match(refused(parseDownloadRunFilesInput({ runId: 'Q7kR2mXv9LpT', destination: '/etc' })), /Unknown field “destination”/, 'the agent cannot choose where files go');
});

test('listArtifacts: an agent, optionally a session of it', () => {
  assert.deepEqual(parseListArtifactsInput(undefined), { ok: true, value: { agentId: undefined, sessionId: undefined } });
  assert.deepEqual(parseListArtifactsInput({ agentId: 'AgEntRsrch01', sessionId: 'sess_Rs000001' }), { ok: true, value: { agentId: 'AgEntRsrch01', sessionId: 'sess_Rs000001' } });
  assert.match(refused(parseListArtifactsInput({ sessionId: 'sess_Rs000001' })), /sessionId needs agentId/);
  assert.match(refused(parseListArtifactsInput({ agentId: 42 })), /agentId must be a string/);
});

test('downloadArtifacts: an agent, optionally a session and some artifacts', () => {
  assert.deepEqual(parseDownloadArtifactsInput({ agentId: 'AgEntRsrch01', artifactIds: ['art_Report01', 'art_Report01'], onConflict: 'skip' }), {
    ok: true,
    value: { agentId: 'AgEntRsrch01', sessionId: undefined, artifactIds: ['art_Report01'], onConflict: 'skip' },
  });
  assert.match(refused(parseDownloadArtifactsInput({})), /^agentId is required/);
  assert.match(refused(parseDownloadArtifactsInput({ agentId: 'a1', artifactIds: [] })), /artifactIds must be a non-empty list/);
  assert.match(refused(parseDownloadArtifactsInput({ agentId: 'a1', artifactIds: ['a b'] })), /artifactIds must be a non-empty list/);
  assert.match(refused(parseDownloadArtifactsInput({ agentId: 'a1', artifactIds: ['art\u202e1'] })), /artifactIds must be a non-empty list/);
  // The agents API's IDs are opaque: one the listing gave (here with “+”, “=” and “/”) is taken back
  // as it is (it only ever goes into a URL encoded, and must be among the listed artifacts).
  assert.deepEqual(parseDownloadArtifactsInput({ agentId: 'ag+1=', sessionId: 's/2', artifactIds: ['art+01/x='] }), {
    ok: true,
    value: { agentId: 'ag+1=', sessionId: 's/2', artifactIds: ['art+01/x='], onConflict: undefined },
  });
  assert.match(refused(parseDownloadArtifactsInput({ agentId: 'a1', onConflict: 'always' })), /onConflict must be one of/);
  assert.match(refused(parseDownloadArtifactsInput({ agentId: 'a1', folder: '/tmp' })), /Unknown field “folder”/);
});
