import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ZipWriter } from '@spotify-pipeline/spotify-sim';
import { runImport } from './run-import.ts';
import { extendedPlay, jsonBytes, quietLogger, TEST_ACCOUNT, tempDir } from './test-support.ts';

const dryRun = (paths: string[]) =>
  runImport({ paths, account: TEST_ACCOUNT, dryRun: true, logger: quietLogger });

describe('reading an export (dry run)', () => {
  let dir: { path: string; remove(): Promise<void> };
  before(async () => {
    dir = await tempDir('read');
  });
  after(() => dir.remove());

  it('imports every other entry of a zip with a corrupt entry and names the bad one', async () => {
    const zipPath = join(dir.path, 'my_spotify_data.zip');
    const zip = await ZipWriter.create(zipPath);
    await zip.add('MyData/Streaming_History_Audio_2022_0.json', [
      jsonBytes([0, 1, 2].map((i) => extendedPlay(i))),
    ]);
    await zip.add('MyData/Streaming_History_Audio_2022_1.json', [
      jsonBytes([3, 4].map((i) => extendedPlay(i))),
    ]);
    await zip.add('MyData/Streaming_History_Audio_2022_2.json', [jsonBytes([5].map((i) => extendedPlay(i)))]);
    await zip.add('MyData/Userdata.json', [Buffer.from('{}')]);
    const entries = await zip.close();
    // An invalid deflate block type (BFINAL=1, BTYPE=11) as the corrupt entry's first byte.
    const bytes = await readFile(zipPath);
    bytes[entries[1]!.dataOffset] = 0x07;
    await writeFile(zipPath, bytes);

    const summary = await dryRun([zipPath]);
    assert.equal(summary.counts.published, 4);
    const failed = summary.files.filter((f) => f.status === 'failed');
    assert.equal(failed.length, 1);
    assert.match(
      failed[0]!.error!,
      /my_spotify_data\.zip \(entry MyData\/Streaming_History_Audio_2022_1\.json\)/,
    );
    assert.deepEqual(
      summary.files.filter((f) => f.status === 'imported').map((f) => f.name.split('!')[1]),
      ['MyData/Streaming_History_Audio_2022_0.json', 'MyData/Streaming_History_Audio_2022_2.json'],
    );
    assert.equal(summary.ignored.length, 1);
  });

  it('reads a folder recursively, both formats, counting malformed entries with file and index', async () => {
    const folder = join(dir.path, 'export');
    await mkdir(join(folder, 'Spotify Account Data'), { recursive: true });
    await mkdir(join(folder, 'Spotify Extended Streaming History'), { recursive: true });
    await writeFile(
      join(folder, 'Spotify Extended Streaming History', 'Streaming_History_Audio_2022_0.json'),
      jsonBytes([
        extendedPlay(0),
        'not a play',
        extendedPlay(1, { ts: 'yesterday' }),
        extendedPlay(2, { ms_played: 5 }),
      ]),
    );
    await writeFile(
      join(folder, 'Spotify Account Data', 'StreamingHistory_music_0.json'),
      jsonBytes([
        { endTime: '2022-01-01 10:00', artistName: 'A', trackName: 'T', msPlayed: 90_000 },
        { msPlayed: 1 },
      ]),
    );
    await writeFile(
      join(folder, 'Spotify Account Data', 'StreamingHistory_podcast_0.json'),
      jsonBytes([{ endTime: '2022-01-01 11:00', artistName: 'Show', trackName: 'Ep', msPlayed: 900_000 }]),
    );
    await writeFile(join(folder, 'Spotify Account Data', 'Broken_StreamingHistory.json'), '[{"a":');
    await writeFile(
      join(folder, 'Spotify Account Data', 'StreamingHistory_music_1.json'),
      '[{"endTime": tru',
    );

    const summary = await dryRun([folder]);
    assert.equal(summary.counts.read, 7);
    assert.equal(summary.counts.published, 2);
    assert.deepEqual(summary.counts.resolution, { 'needs-enrichment': 1, unresolved: 1, local: 0 });
    assert.equal(summary.counts.skipped.malformed, 3);
    assert.equal(summary.counts.skipped['under-minimum-play-time'], 1);
    assert.equal(summary.counts.skipped['podcast-episode'], 1);
    assert.deepEqual(
      summary.malformed.map((m) => [m.file.split('/').at(-1), m.index]),
      [
        ['StreamingHistory_music_0.json', 1],
        ['Streaming_History_Audio_2022_0.json', 1],
        ['Streaming_History_Audio_2022_0.json', 2],
      ],
    );
    const failed = summary.files.filter((f) => f.status === 'failed');
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.error!, /StreamingHistory_music_1\.json: not a JSON array of plays/);
    assert.ok(summary.ignored.some((f) => f.endsWith('Broken_StreamingHistory.json')));
  });

  it('reads single files, even under another name (format from the first entry)', async () => {
    const renamed = join(dir.path, 'my history.json');
    await writeFile(renamed, jsonBytes([extendedPlay(0), extendedPlay(1)]));
    const named = join(dir.path, 'StreamingHistory0.json');
    await writeFile(
      named,
      jsonBytes([{ endTime: '2022-01-01 10:00', artistName: 'A', trackName: 'T', msPlayed: 90_000 }]),
    );
    const summary = await dryRun([renamed, named]);
    assert.equal(summary.counts.published, 3);
    assert.equal(summary.counts.resolution.unresolved, 1);
    await assert.rejects(dryRun([join(dir.path, 'missing.zip')]), /missing\.zip: no such file or folder/);
  });
});
