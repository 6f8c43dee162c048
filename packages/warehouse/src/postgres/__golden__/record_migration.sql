INSERT INTO "spotify".schema_migrations (version, name, checksum) VALUES ($1, $2, $3)
