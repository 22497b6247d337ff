/** Docker's word processing for instruction arguments: variables, modifiers, quotes, escapes. */
import { substitute, substituteWords } from '../../src/dockerfile/substitute.js';

const env = { A: 'a', EMPTY: '', PATH: '/usr/local/bin:/usr/bin', FILE: 'archive.tar.gz' };

describe('substitute', () => {
  test.each([
    ['$A', 'a', []],
    ['${A}x', 'ax', []],
    ['$A.$A', 'a.a', []],
    ['$NOPE', '', ['NOPE']],
    ['${NOPE:-dflt}', 'dflt', []],
    ['${EMPTY:-dflt}', 'dflt', []],
    ['${EMPTY-dflt}', '', []],
    ['${NOPE-${A}b}', 'ab', []],
    ['${NOPE:-$MISSING}', '', ['MISSING']],
    ['${A:-$MISSING}', 'a', []],
    ['${A:+alt}', 'alt', []],
    ['${NOPE:+alt}', '', []],
    ['${A+alt}', 'alt', []],
    ['${NOPE:?required}', '', ['NOPE']],
    ['${FILE%.gz}', 'archive.tar', []],
    ['${FILE%%.*}', 'archive', []],
    ['${FILE#*.}', 'tar.gz', []],
    ['${FILE##*.}', 'gz', []],
    ['${PATH/usr/opt}', '/opt/local/bin:/usr/bin', []],
    ['${PATH//usr/opt}', '/opt/local/bin:/opt/bin', []],
    ["'$A'", '$A', []],
    ['"$A b"', 'a b', []],
    ['"a\\"b"', 'a"b', []],
    ['"a\\nb"', 'a\\nb', []],
    ['\\$A', '$A', []],
    ['a\\ b', 'a b', []],
    ['$', '$', []],
    ['$1', '', []],
    ['${', '${', []],
    ['${A', '${A', []],
    ["'unterminated", 'unterminated', []],
  ] as const)('%s -> %j', (text, value, unresolved) => {
    expect(substitute(text, env)).toEqual({ value, unresolved });
  });

  test('with the backtick escape, a backslash is literal and a backtick escapes', () => {
    expect(substitute('C:\\$A', env, '`').value).toBe('C:\\a');
    expect(substitute('`$A', env, '`').value).toBe('$A');
  });

  test('a value is never looked up on the prototype', () => {
    expect(substitute('$constructor$toString', {})).toEqual({ value: '', unresolved: ['constructor', 'toString'] });
  });

  test('words are split on blanks outside quotes', () => {
    expect(substituteWords('"a b" c${A}  \'d e\' ""', env)).toEqual({ words: ['a b', 'ca', 'd e', ''], unresolved: [] });
  });
});
