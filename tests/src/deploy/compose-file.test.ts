// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation syntax, not template literals
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dotenvNames, interpolatedVariables } from './compose-file.ts';

test('interpolatedVariables finds braced, defaulted, required and bare variables, not $$', () => {
  const found = interpolatedVariables({
    a: '${A}',
    b: ['x ${B:-default} y', { c: 'mssql://sa:${C:?set C}@h/${D}' }],
    e: '$E and $$NOT_ME and $${NOR_ME}',
    n: 3,
  });
  assert.deepEqual([...found].sort(), ['A', 'B', 'C', 'D', 'E']);
});

test('dotenvNames reads assignments and skips comments', () => {
  const names = dotenvNames('# COMMENTED=1\nA=1\n\n  B = 2\nEMPTY=\n');
  assert.deepEqual([...names.keys()], ['A', 'EMPTY']);
  assert.equal(names.get('A'), '1');
});
