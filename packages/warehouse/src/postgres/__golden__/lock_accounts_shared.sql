SELECT pg_advisory_xact_lock_shared(hashtext($1), 4096)
