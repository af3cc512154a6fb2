-- Successful attempts alike within a minute are one row (store/auth_event_log.h): how many
-- attempts a row stands for, and the time of the last of them (NULL when it stands for one).
ALTER TABLE keygate_auth_event ADD COLUMN calls INTEGER NOT NULL DEFAULT 1;
ALTER TABLE keygate_auth_event ADD COLUMN last_date TEXT;
