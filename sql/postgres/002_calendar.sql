-- 002_calendar: the date and time-of-day dimensions, generated in SQL (no data files).
--   dim_date  one row per day 2000-01-01 .. 2050-12-31 (18,628 rows), key yyyymmdd
--   dim_time  one row per minute of the day (1,440 rows), key hh*100+mm
-- Guarantees:
--   * CREATE TABLE IF NOT EXISTS and INSERT ... ON CONFLICT DO NOTHING: re-running adds nothing and
--     changes nothing.
--   * Weekdays and weeks are ISO 8601 (Monday = 1; week 1 holds the year's first Thursday), names are
--     English whatever the server's locale (to_char without the TM prefix).
--   * A fact's date_key/time_key are the play's local date/time in its account's zone, computed
--     upstream; these tables only describe the keys.
CREATE TABLE IF NOT EXISTS "{{schema}}".dim_date (
  date_key     integer  NOT NULL PRIMARY KEY,
  full_date    date     NOT NULL UNIQUE,
  year         smallint NOT NULL,
  quarter      smallint NOT NULL,
  month        smallint NOT NULL,
  month_name   text     NOT NULL,
  day_of_month smallint NOT NULL,
  weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  weekday_name text     NOT NULL,
  is_weekend   boolean  NOT NULL,
  iso_week     smallint NOT NULL,
  iso_year     smallint NOT NULL
);

INSERT INTO "{{schema}}".dim_date
  (date_key, full_date, year, quarter, month, month_name, day_of_month, weekday, weekday_name, is_weekend, iso_week, iso_year)
SELECT
  to_char(d, 'YYYYMMDD')::integer,
  d::date,
  extract(year FROM d)::smallint,
  extract(quarter FROM d)::smallint,
  extract(month FROM d)::smallint,
  to_char(d, 'FMMonth'),
  extract(day FROM d)::smallint,
  extract(isodow FROM d)::smallint,
  to_char(d, 'FMDay'),
  extract(isodow FROM d) >= 6,
  extract(week FROM d)::smallint,
  extract(isoyear FROM d)::smallint
FROM generate_series(date '2000-01-01', date '2050-12-31', interval '1 day') AS g(d)
ON CONFLICT (date_key) DO NOTHING;

CREATE TABLE IF NOT EXISTS "{{schema}}".dim_time (
  time_key    smallint NOT NULL PRIMARY KEY,
  hour        smallint NOT NULL,
  minute      smallint NOT NULL,
  part_of_day text     NOT NULL,
  label       char(5)  NOT NULL
);

-- Parts of the day: night 00-05, morning 06-11, afternoon 12-17, evening 18-23.
INSERT INTO "{{schema}}".dim_time (time_key, hour, minute, part_of_day, label)
SELECT
  (m / 60) * 100 + m % 60,
  m / 60,
  m % 60,
  CASE WHEN m / 60 < 6 THEN 'night' WHEN m / 60 < 12 THEN 'morning' WHEN m / 60 < 18 THEN 'afternoon' ELSE 'evening' END,
  lpad((m / 60)::text, 2, '0') || ':' || lpad((m % 60)::text, 2, '0')
FROM generate_series(0, 1439) AS g(m)
ON CONFLICT (time_key) DO NOTHING;
