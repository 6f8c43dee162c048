-- 002_calendar: the date and time-of-day dimensions, generated set-based in T-SQL (no data files).
--   dim_date  one row per day 2000-01-01 .. 2050-12-31 (18,628 rows), key yyyymmdd
--   dim_time  one row per minute of the day (1,440 rows), key hh*100+mm
-- Guarantees:
--   * Idempotent: tables are created only when OBJECT_ID is NULL; rows are inserted only where
--     NOT EXISTS finds them missing, so a re-run adds nothing.
--   * Days come from a numbers tally (a cross join of digit rows numbered by ROW_NUMBER), not a loop
--     or a recursive CTE, so no MAXRECURSION setting is involved.
--   * Independent of SET DATEFIRST and SET LANGUAGE: the ISO weekday is counted from 1900-01-01 (a
--     Monday), names come from CHOOSE, the ISO year is the year of the week's Thursday.
--   * A fact's date_key/time_key are the play's local date/time in its account's zone, computed
--     upstream; these tables only describe the keys.
IF OBJECT_ID(N'[{{schema}}].dim_date', N'U') IS NULL
CREATE TABLE [{{schema}}].dim_date (
  date_key     INT NOT NULL,
  full_date    DATE NOT NULL,
  year         SMALLINT NOT NULL,
  quarter      TINYINT NOT NULL,
  month        TINYINT NOT NULL,
  month_name   NVARCHAR(16) NOT NULL,
  day_of_month TINYINT NOT NULL,
  weekday      TINYINT NOT NULL,
  weekday_name NVARCHAR(16) NOT NULL,
  is_weekend   BIT NOT NULL,
  iso_week     TINYINT NOT NULL,
  iso_year     SMALLINT NOT NULL,
  CONSTRAINT pk_dim_date PRIMARY KEY CLUSTERED (date_key),
  CONSTRAINT uq_dim_date_full_date UNIQUE (full_date),
  CONSTRAINT ck_dim_date_weekday CHECK (weekday BETWEEN 1 AND 7)
);
GO
INSERT INTO [{{schema}}].dim_date
  (date_key, full_date, year, quarter, month, month_name, day_of_month, weekday, weekday_name, is_weekend, iso_week, iso_year)
SELECT
  YEAR(c.d) * 10000 + MONTH(c.d) * 100 + DAY(c.d),
  c.d,
  YEAR(c.d),
  DATEPART(QUARTER, c.d),
  MONTH(c.d),
  CHOOSE(MONTH(c.d), N'January', N'February', N'March', N'April', N'May', N'June', N'July', N'August', N'September', N'October', N'November', N'December'),
  DAY(c.d),
  c.wd,
  CHOOSE(c.wd, N'Monday', N'Tuesday', N'Wednesday', N'Thursday', N'Friday', N'Saturday', N'Sunday'),
  IIF(c.wd >= 6, 1, 0),
  DATEPART(ISO_WEEK, c.d),
  YEAR(DATEADD(DAY, 4 - c.wd, c.d))
FROM (
  SELECT n.d, DATEDIFF(DAY, CAST('19000101' AS DATE), n.d) % 7 + 1 AS wd
  FROM (
    SELECT DATEADD(DAY, t.i, CAST('20000101' AS DATE)) AS d
    FROM (
      SELECT ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) - 1 AS i
      FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS a(x)
      CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS b(x)
      CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS c(x)
      CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS e(x)
      CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS f(x)
    ) AS t
    WHERE t.i <= DATEDIFF(DAY, CAST('20000101' AS DATE), CAST('20501231' AS DATE))
  ) AS n
) AS c
WHERE NOT EXISTS (SELECT 1 FROM [{{schema}}].dim_date x WHERE x.full_date = c.d);
GO
IF OBJECT_ID(N'[{{schema}}].dim_time', N'U') IS NULL
CREATE TABLE [{{schema}}].dim_time (
  time_key    SMALLINT NOT NULL,
  hour        TINYINT NOT NULL,
  minute      TINYINT NOT NULL,
  part_of_day NVARCHAR(16) NOT NULL,
  label       NCHAR(5) NOT NULL,
  CONSTRAINT pk_dim_time PRIMARY KEY CLUSTERED (time_key)
);
GO
-- Parts of the day: night 00-05, morning 06-11, afternoon 12-17, evening 18-23.
INSERT INTO [{{schema}}].dim_time (time_key, hour, minute, part_of_day, label)
SELECT
  m.h * 100 + m.mi,
  m.h,
  m.mi,
  CASE WHEN m.h < 6 THEN N'night' WHEN m.h < 12 THEN N'morning' WHEN m.h < 18 THEN N'afternoon' ELSE N'evening' END,
  RIGHT(N'0' + CAST(m.h AS NVARCHAR(2)), 2) + N':' + RIGHT(N'0' + CAST(m.mi AS NVARCHAR(2)), 2)
FROM (
  SELECT t.i / 60 AS h, t.i % 60 AS mi
  FROM (
    SELECT ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) - 1 AS i
    FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS a(x)
    CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS b(x)
    CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS c(x)
    CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS e(x)
  ) AS t
  WHERE t.i < 1440
) AS m
WHERE NOT EXISTS (SELECT 1 FROM [{{schema}}].dim_time x WHERE x.time_key = m.h * 100 + m.mi);
