COPY stage_account (account_id, display_name, country, time_zone) FROM STDIN
