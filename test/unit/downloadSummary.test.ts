import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadSummary } from '../../src/ui/downloadSummary';

const base = { runId: 'R1', archiveFiles: ['a.csv', 'b.json', 'c.png', 'd.txt'], missing: [], destinationLabel: 'gumloop/R1' };

test('a plain download says how many files went where', () => {
  const summary = downloadSummary({ ...base, written: ['a.csv', 'b.json'], overwritten: [], skipped: [] });
  assert.equal(summary.message, 'Downloaded 2 files from run R1 to gumloop/R1.');
  assert.equal(summary.severity, 'info');
});

test('Keep Both names the renamed file; Overwrite and Skip name theirs', () => {
  const keepBoth = downloadSummary({ ...base, written: ['a.csv', 'b (1).json'], overwritten: [], skipped: [] });
  assert.equal(keepBoth.message, 'Downloaded 2 files from run R1 to gumloop/R1. Kept both: saved as “b (1).json”.');
  assert.deepEqual(keepBoth.renamed, ['b (1).json']);
  const replaced = downloadSummary({ ...base, written: ['a.csv', 'b.json'], overwritten: ['b.json'], skipped: [] });
  assert.equal(replaced.message, 'Downloaded 2 files from run R1 to gumloop/R1. Replaced “b.json”.');
  const skipped = downloadSummary({ ...base, written: [], overwritten: [], skipped: ['a.csv', 'b.json'] });
  assert.equal(skipped.message, 'Downloaded 0 files from run R1 to gumloop/R1. Skipped “a.csv”, “b.json” (kept yours).');
  assert.notEqual(keepBoth.message, replaced.message);
});

test('many files are counted, not listed; missing names make it a warning', () => {
  const many = ['1.txt', '2.txt', '3.txt', '4.txt', '5.txt'];
  const summary = downloadSummary({ ...base, archiveFiles: many, written: many, overwritten: many, skipped: [], missing: ['nope.csv'], destinationLabel: '/elsewhere/R1' });
  assert.equal(summary.message, 'Downloaded 5 files from run R1 to /elsewhere/R1. Replaced 5 existing files. The run has no “nope.csv”: check the names in the run\'s outputs.');
  assert.equal(summary.severity, 'warning');
});

test('empty folders the archive lists are said: as the result when there is nothing else, else beside the files', () => {
  const onlyFolders = downloadSummary({ ...base, archiveFiles: [], written: [], overwritten: [], skipped: [], folders: ['logs', 'exports/2026'] });
  assert.equal(onlyFolders.message, 'Downloaded 2 empty folders from run R1 to gumloop/R1.');
  const mixed = downloadSummary({ ...base, archiveFiles: ['a.csv', 'data/b.json'], written: ['a.csv', 'data/b.json'], overwritten: [], skipped: [], folders: ['data', 'logs'] });
  assert.equal(mixed.message, 'Downloaded 2 files from run R1 to gumloop/R1. Also created “logs/”.', 'a listed folder with files in it is not called empty');
});

test('entries nobody asked for are said in one line, as a warning', () => {
  const summary = downloadSummary({ ...base, written: ['a.csv'], overwritten: [], skipped: [], notRequested: ['unrequested.sh', '.github/workflows/x.yml'] });
  assert.equal(summary.severity, 'warning');
  assert.equal(summary.message, 'Downloaded 1 file from run R1 to gumloop/R1. The archive also held 2 entries you did not ask for; they were not written: unrequested.sh, .github/workflows/x.yml.');
  assert.equal(downloadSummary({ ...base, written: ['a.csv'], overwritten: [], skipped: [], notRequested: [] }).severity, 'info');
});
