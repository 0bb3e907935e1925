import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enterHint, enterMeaning } from '../../src/ui/typedNames';

const offered = ['sales-report.csv', 'summary.json', 'invoice.pdf', 'chart.png'];

test('typed names that are not offered become the names, ticks ignored', () => {
  const meaning = enterMeaning('nope.csv, summary.json', offered, offered);
  assert.deepEqual(meaning, { kind: 'typed', names: ['nope.csv', 'summary.json'] });
  assert.equal(enterHint(meaning), 'Enter downloads the typed names: nope.csv, summary.json');
  assert.deepEqual(enterMeaning('summary.json', offered, offered), { kind: 'typed', names: ['summary.json'] });
  assert.deepEqual(enterMeaning('other', offered, offered), { kind: 'typed', names: ['other'] });
});

test('a fragment of an offered name filters the list: Enter takes the ticked items', () => {
  assert.deepEqual(enterMeaning('summ', offered, ['summary.json']), { kind: 'ticked', names: ['summary.json'] });
  assert.deepEqual(enterMeaning('  ', offered, ['chart.png']), { kind: 'ticked', names: ['chart.png'] });
  assert.equal(enterHint(enterMeaning('', offered, ['chart.png', 'invoice.pdf'])), 'Enter downloads the 2 ticked files');
  assert.deepEqual(enterMeaning('', offered, []), { kind: 'none' });
  assert.deepEqual(enterMeaning('report', offered, []), { kind: 'none' });
});

test('a name that cannot be a file name is refused with the reason', () => {
  const meaning = enterMeaning('bad\u0001name.csv', offered, []);
  assert.equal(meaning.kind, 'invalid');
});
