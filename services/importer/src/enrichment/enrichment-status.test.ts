import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSpotifyTrackId } from './enrichment-job.ts';
import { estimateMs, formatDuration, formatEnrichmentStatus, formatRunSummary } from './enrichment-status.ts';

describe('enrichment status', () => {
  it('estimates one lookup per track at the rate limit', () => {
    assert.equal(estimateMs(0, { max: 2, durationMs: 1000 }), 0);
    assert.equal(estimateMs(5, { max: 2, durationMs: 1000 }), 3000);
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(600_000), '10 min');
    assert.equal(formatDuration(12_000_000), '3 h 20 min');
  });

  it('prints what is left, the queue and the estimate', () => {
    const text = formatEnrichmentStatus(
      {
        tracks: 7_200,
        placeholderPlays: 30_000,
        unavailable: 12,
        namesToSearch: 0,
        episodes: 3,
        episodePlays: 41,
      },
      { waiting: 7_000, active: 2, delayed: 1, failed: 3, completed: 50 },
      { max: 2, durationMs: 1000 },
    );
    assert.match(text, /tracks to look up:\s+7200/);
    assert.match(text, /7000 waiting, 2 running, 1 retrying, 3 failed/);
    assert.match(text, /about 60 min at 2 lookup\(s\) per 1000 ms/);
    assert.match(
      text,
      /podcast episodes:\s+3 found among the music \(41 play\(s\), kept out of the music views\)/,
    );
    assert.match(
      formatEnrichmentStatus(
        { tracks: 0, placeholderPlays: 0, unavailable: 0, namesToSearch: 0, episodes: 0, episodePlays: 0 },
        undefined,
        {
          max: 1,
          durationMs: 1,
        },
      ),
      /nothing left to look up[\s\S]*|Redis unreachable/,
    );
  });

  it('says when a run must be repeated', () => {
    const text = formatRunSummary({
      listed: 10,
      remaining: 2,
      failed: ['x'],
      repointed: 5,
      searched: 4,
      episodes: 2,
      episodePlays: 9,
      interrupted: false,
    });
    assert.match(
      text,
      /4 name-only track\(s\) searched by name; 2 podcast episode\(s\) \(9 play\(s\)\) found among the music/,
    );
    assert.match(text, /10 track\(s\) were to look up; 2 still are/);
    assert.match(text, /failed for good: x/);
    assert.match(text, /run again later/);
  });

  it('looks up Spotify ids only, never name-only tracks', () => {
    assert.equal(isSpotifyTrackId('4uLU6hMCjMI75M1A2tKUQC'), true);
    assert.equal(isSpotifyTrackId('unresolved:4uLU6hMCjMI75M1A2tKUQC'), false);
    assert.equal(isSpotifyTrackId('short'), false);
  });
});
