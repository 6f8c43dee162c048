IF SCHEMA_ID(N'spotify') IS NULL EXEC(N'CREATE SCHEMA [spotify]');
IF OBJECT_ID(N'[spotify].schema_migrations', N'U') IS NULL
CREATE TABLE [spotify].schema_migrations (
  version    INT NOT NULL,
  name       NVARCHAR(200) NOT NULL,
  checksum   CHAR(64) NOT NULL,
  applied_at DATETIME2(3) NOT NULL CONSTRAINT df_schema_migrations_applied_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_schema_migrations PRIMARY KEY CLUSTERED (version)
);
