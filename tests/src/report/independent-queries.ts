import type pg from 'pg';
import type { ExpectedNumbers } from './page-numbers.ts';

/**
 * The report's numbers for one account and local year, computed from the tables (fact_play and
 * the member names) with the local keys the normalizer wrote: neither the views nor the report's
 * own statements are used, so a mistake in either shows as a difference.
 */
export async function expectedNumbers(
  client: pg.Client,
  schema: string,
  account: string,
  year: number,
): Promise<ExpectedNumbers> {
  const where = `f.account_id = $1 AND f.date_key BETWEEN $2 * 10000 + 101 AND $2 * 10000 + 1231`;
  const params = [account, year];
  const total = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".fact_play f WHERE ${where}`,
    params,
  );
  const artists = await client.query<{ name: string; plays: string }>(
    `SELECT a.name, count(*) AS plays FROM "${schema}".fact_play f
     JOIN "${schema}".dim_artist a ON a.artist_id = f.primary_artist_id
     WHERE ${where} GROUP BY a.name ORDER BY count(*) DESC LIMIT 5`,
    params,
  );
  const tracks = await client.query<{ name: string; plays: string }>(
    `SELECT t.name, count(*) AS plays FROM "${schema}".fact_play f
     JOIN "${schema}".dim_track t ON t.track_id = f.track_id
     WHERE ${where} GROUP BY t.name ORDER BY count(*) DESC LIMIT 5`,
    params,
  );
  const cell = await client.query<{ weekday: string; hour: string; plays: string }>(
    `SELECT extract(isodow FROM to_date(f.date_key::text, 'YYYYMMDD')) AS weekday, f.time_key / 100 AS hour,
       count(*) AS plays
     FROM "${schema}".fact_play f WHERE ${where}
     GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1`,
    params,
  );
  const c = cell.rows[0]!;
  return {
    plays: Number(total.rows[0]!.n),
    topArtists: artists.rows.map((r) => ({ name: r.name, plays: Number(r.plays) })),
    topTracks: tracks.rows.map((r) => ({ name: r.name, plays: Number(r.plays) })),
    heatmapCell: { weekday: Number(c.weekday), hour: Number(c.hour), plays: Number(c.plays) },
  };
}
