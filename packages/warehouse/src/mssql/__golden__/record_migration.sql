INSERT INTO [spotify].schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum);
