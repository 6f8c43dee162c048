import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJavaMajor } from './java.ts';

test('parseJavaMajor reads modern and 1.x version strings', () => {
  assert.equal(
    parseJavaMajor(
      'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
    ),
    17,
  );
  assert.equal(parseJavaMajor('openjdk version "21" 2023-09-19'), 21);
  assert.equal(parseJavaMajor('openjdk version "11.0.2-ea" 2019-01-15'), 11);
  assert.equal(parseJavaMajor('java version "1.8.0_392"'), 8);
  assert.equal(parseJavaMajor('openjdk version "25-ea" 2025-09-16'), 25);
});

test('parseJavaMajor returns undefined when no version is printed', () => {
  assert.equal(parseJavaMajor(''), undefined);
  assert.equal(parseJavaMajor('bash: java: command not found'), undefined);
});
