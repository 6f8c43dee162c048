SELECT version, name, checksum FROM "spotify".schema_migrations ORDER BY version
