import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastLogLines, outputsDocument, readableLogLine } from '../../src/remote/runLog';
import { failedMessage, progressMessage } from '../../src/remote/runProgress';
import { presentFailure } from '../../src/ui/flowsPresentation';

test('Gumloop’s system log lines read as words', () => {
  const table: [unknown, string][] = [
    ['__system__: __STARTING__:Input', 'Starting: Input'],
    ['\u001b[34m__system__: __STARTING__:Read files from GitHub\u001b[0m', 'Starting: Read files from GitHub'],
    ['__system__: __STARTING__', 'Starting'],
    ['__system__: __TERMINATED__', 'Stopped'],
    ['__system__: __TERMINATING__ (killed through the API)', 'Stopping (killed through the API)'],
    ['__system__: __DONE__', 'Finished'],
    ['__system__: __NODE_FAILED__: Ask AI', 'Node failed: Ask AI'],
    ['__system__: __FINISHED__', 'Finished'],
    ['__system__: Reader', 'Reader'],
    ['Ask AI: summarised it', 'Ask AI: summarised it'],
    // Lower-case or unclosed underscores are not markers: user text stays as written.
    ['wrote __init__.py and __TODO', 'wrote __init__.py and __TODO'],
    ['', ''],
  ];
  for (const [line, words] of table) assert.equal(readableLogLine(line), words, JSON.stringify(line));
});

test('progress, failure messages, the last lines and the Flows view’s Why row never show a marker', () => {
  assert.equal(progressMessage('running', 'RUNNING', 2_000, '\u001b[34m__system__: __STARTING__:Input\u001b[0m'), 'Running · 0:02 · Starting: Input');
  assert.equal(failedMessage('Report', 'R1', 'terminated', '__system__: __TERMINATED__'), '“Report” was stopped (run R1): Stopped');
  assert.deepEqual(lastLogLines(['__system__: __STARTING__', 'Flow finished', '__system__: __TERMINATED__']), ['Starting', 'Flow finished', 'Stopped']);
  const why = presentFailure('R1', ['step 1', '__system__: __NODE_FAILED__: Ask AI']);
  assert.equal(why.label, 'Why: Node failed: Ask AI');
  assert.doesNotMatch(why.tooltip(), /__/);
});

test('Show Outputs’ document names the files, then the outputs as JSON, cleaned', () => {
  const text = outputsDocument('R1', 'Blog\u202e writer', { files: ['post.md', 'hero.svg'], note: 'x\u001b[31my\u009b' });
  const [title, files, ...json] = text.split('\n');
  assert.equal(title, '// Outputs of run R1 of “Blog writer”');
  assert.equal(files, '// Files: hero.svg, post.md');
  assert.deepEqual(JSON.parse(json.join('\n')), { files: ['post.md', 'hero.svg'], note: 'xy' });
  assert.equal(outputsDocument('R2', 'F', {}).split('\n')[1], '// Files: none named');
});
