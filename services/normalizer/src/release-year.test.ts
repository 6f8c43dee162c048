import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { releaseYear } from './release-year.ts';

describe('releaseYear', () => {
  it('reads the year at each of Spotify precisions', () => {
    assert.equal(releaseYear('1977'), 1977); // year
    assert.equal(releaseYear('1977-09'), 1977); // month
    assert.equal(releaseYear('1977-09-23'), 1977); // day
  });

  it('is null for a missing, unknown ("0000") or malformed date', () => {
    assert.equal(releaseYear(null), null);
    assert.equal(releaseYear('0000'), null);
    assert.equal(releaseYear('77'), null);
    assert.equal(releaseYear('1977/09/23'), null);
    assert.equal(releaseYear(''), null);
  });
});
