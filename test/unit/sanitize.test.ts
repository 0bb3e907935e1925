// The one sanitizer for server text: every sequence that could drive a terminal or fake a line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanLine, cleanText, textOf } from '../../src/sanitize';

const ESC = '\u001b';
const cases: Array<[string, string, string]> = [
  ['plain text', 'Weekly report', 'Weekly report'],
  ['SGR colour', `${ESC}[31mred${ESC}[0m`, 'red'],
  ['cursor up + erase line', `ok${ESC}[1A${ESC}[2Kfake`, 'okfake'],
  ['OSC title ended by BEL', `${ESC}]0;pwned\u0007name`, 'name'],
  ['OSC 8 hyperlink ended by ST', `${ESC}]8;;https://evil${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
  ['DCS string', `${ESC}Pq#0;2;0;0;0${ESC}\\after`, 'after'],
  ['two-byte ESC form', `a${ESC}cb`, 'ab'],
  ['charset select', `a${ESC}(0b`, 'ab'],
  ['8-bit CSI (U+009B)', 'a\u009b31mb', 'ab'],
  ['8-bit OSC ended by ST', 'a\u009d0;title\u009cb', 'ab'],
  ['BEL, BS, NUL, DEL', 'a\u0007\u0008\u0000\u007fb', 'ab'],
  ['lone CR cannot overwrite', 'real\rfake', 'real ⏎ fake'],
  ['embedded newline is shown', 'line\ngumloop-files: run X is finished (DONE)', 'line ⏎ gumloop-files: run X is finished (DONE)'],
  ['NEL and line separator', 'a\u0085b\u2028c', 'a ⏎ b ⏎ c'],
  ['bidi override', 'invoice\u202Etxt.exe', 'invoicetxt.exe'],
  ['bidi isolate', '\u2066a\u2069', 'a'],
  ['tab becomes a space', 'a\tb', 'a b'],
  ['unterminated CSI at the end', `a${ESC}[`, 'a'],
  ['unicode kept', 'Résumé — 報告 🚀', 'Résumé — 報告 🚀'],
];

for (const [name, input, expected] of cases) {
  test(`cleanLine: ${name}`, () => {
    assert.equal(cleanLine(input), expected);
    assert.doesNotMatch(cleanLine(input), /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
}

test('cleanText keeps line breaks and turns CR and CRLF into LF', () => {
  assert.equal(cleanText(`one\r\ntwo\rthree\n${ESC}[1mfour`), 'one\ntwo\nthree\nfour');
});

test('textOf: non-strings become JSON text, never [object Object]', () => {
  assert.equal(textOf({ step: 'x' }), '{"step":"x"}');
  assert.equal(textOf(3), '3');
  assert.equal(textOf(null), 'null');
  assert.equal(textOf(undefined), '');
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  assert.equal(textOf(loop), '[object Object]');
  // JSON already spells an ESC as the six harmless characters \u001b.
  assert.equal(cleanLine({ a: '\u001b[31m' }), '{"a":"\\u001b[31m"}');
});
