-- Networks a login has signed in from with its password: the /24 (IPv4) or /64 (IPv6) of each
-- successful password login, with the time of the last one (unix seconds). The per-login
-- cooldown never refuses an address in a network the login used within 30 days, so that a
-- stranger's wrong passwords cannot lock the owner out. Keyed by login text like the cooldown
-- counters (keygate_login_failure); rows older than 30 days are purged by housekeeping.
CREATE TABLE keygate_login_network (
  login TEXT NOT NULL,
  network TEXT NOT NULL,
  last_success BIGINT NOT NULL,
  PRIMARY KEY (login, network)
);
CREATE INDEX keygate_login_network_last_idx ON keygate_login_network(last_success);
