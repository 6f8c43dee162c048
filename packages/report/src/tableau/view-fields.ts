/**
 * The fields of the aggregate views (sql/<dialect>/004_views.sql) as Tableau should see them:
 * caption, type, role. tests/src/deploy/tableau.test.ts checks each list against the view's
 * columns, so a column added to a view without a field here fails there.
 */
export interface FieldSpec {
  readonly name: string;
  readonly caption: string;
  readonly datatype: 'string' | 'integer' | 'real' | 'date' | 'datetime' | 'boolean';
  readonly role: 'dimension' | 'measure';
  readonly type: 'nominal' | 'ordinal' | 'quantitative';
  /** SQL Server's OLE DB type code in the metadata record (Tableau refreshes it when it connects). */
  readonly remoteType: number;
  readonly desc?: string;
}

const account: FieldSpec = {
  name: 'account_id',
  caption: 'Account ID',
  datatype: 'string',
  role: 'dimension',
  type: 'nominal',
  remoteType: 130,
};
const monthStart: FieldSpec = {
  name: 'month_start',
  caption: 'Month',
  datatype: 'date',
  role: 'dimension',
  type: 'ordinal',
  remoteType: 133,
  desc: "The first day of the month, in the listener's own time zone.",
};
const text = (name: string, caption: string): FieldSpec => ({
  name,
  caption,
  datatype: 'string',
  role: 'dimension',
  type: 'nominal',
  remoteType: 130,
});
const plays: FieldSpec = {
  name: 'plays',
  caption: 'Plays',
  datatype: 'integer',
  role: 'measure',
  type: 'quantitative',
  remoteType: 20,
};
const minutes: FieldSpec = {
  name: 'minutes_played',
  caption: 'Minutes Played',
  datatype: 'real',
  role: 'measure',
  type: 'quantitative',
  remoteType: 131,
};
const rank: FieldSpec = {
  name: 'rank_in_month',
  caption: 'Rank in Month',
  datatype: 'integer',
  role: 'dimension',
  type: 'ordinal',
  remoteType: 20,
  desc: '1 = most played that month (ties share a rank). Filter it to at most 10 for a top 10.',
};

export interface AggregateView {
  readonly view: string;
  /** For the data source's caption. */
  readonly title: string;
  readonly fields: readonly FieldSpec[];
}

export const AGGREGATE_VIEWS: readonly AggregateView[] = [
  {
    view: 'v_plays_by_hour_weekday',
    title: 'Spotify plays by weekday and hour',
    fields: [
      account,
      {
        name: 'local_weekday',
        caption: 'Local Weekday Number',
        datatype: 'integer',
        role: 'dimension',
        type: 'ordinal',
        remoteType: 2,
        desc: 'ISO weekday: 1 = Monday ... 7 = Sunday.',
      },
      text('local_weekday_name', 'Local Weekday'),
      {
        name: 'local_hour',
        caption: 'Local Hour',
        datatype: 'integer',
        role: 'dimension',
        type: 'ordinal',
        remoteType: 2,
        desc: "Hour of day (0-23) in the listener's own time zone.",
      },
      plays,
      minutes,
    ],
  },
  {
    view: 'v_top_artists_by_month',
    title: 'Spotify top artists by month',
    fields: [
      account,
      monthStart,
      text('artist_id', 'Artist ID'),
      text('artist_name', 'Artist'),
      plays,
      minutes,
      rank,
    ],
  },
  {
    view: 'v_top_tracks_by_month',
    title: 'Spotify top tracks by month',
    fields: [
      account,
      monthStart,
      text('track_id', 'Track ID'),
      text('track_name', 'Track'),
      text('artist_name', 'Artist'),
      plays,
      minutes,
      rank,
    ],
  },
  {
    view: 'v_top_albums_by_month',
    title: 'Spotify top albums by month',
    fields: [
      account,
      monthStart,
      text('album_id', 'Album ID'),
      text('album_name', 'Album'),
      text('artist_name', 'Artist'),
      plays,
      minutes,
      rank,
    ],
  },
];
