import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadText, extractText, formatSpeed, retryText } from '../../src/ui/progressText';

test('speeds below 1 KB/s are whole bytes, not raw floats', () => {
  assert.equal(formatSpeed(151.20711562897077), '151 bytes/s');
  assert.equal(formatSpeed(0.4), '0 bytes/s');
  assert.equal(formatSpeed(Number.NaN), '0 bytes/s');
  assert.equal(formatSpeed(2048), '2.0 KB/s');
  assert.equal(formatSpeed(5 * 1024 * 1024), '5.0 MB/s');
  assert.equal(downloadText(300, undefined, 2000), 'Downloading 300 bytes · 150 bytes/s');
  assert.equal(downloadText(1024, 4096, 1000), 'Downloading 1.0 KB of 4.0 KB · 1.0 KB/s');
});

test('extraction says which file is being worked on, and the last step once all are unpacked', () => {
  assert.equal(extractText(0, 1), 'Extracting 1 of 1 file…');
  assert.equal(extractText(1, 3), 'Extracting 2 of 3 files…');
  assert.equal(extractText(1, 1), 'Unpacked 1 file; moving it into place…');
  assert.equal(extractText(4, 4), 'Unpacked 4 files; moving them into place…');
});

test('a retry is said in the progress with its wait, whole seconds', () => {
  const text = retryText({ delayMs: 1800, attempt: 2, attempts: 4 }, 'Gumloop could not serve the files (503). Try again later.');
  assert.equal(text, 'Gumloop could not serve the files (503); retrying in 2 s… (attempt 2 of 4)');
  assert.match(retryText({ delayMs: 200, attempt: 3, attempts: 4 }, 'The download ended early (5 of 9 bytes). Try again.'), /retrying in 1 s… \(attempt 3 of 4\)$/);
});
