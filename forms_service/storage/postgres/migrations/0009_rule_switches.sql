-- The administrator's switches of the local rules that are off unless switched on (the
-- rating cap's unconfirmed years): the latest decision per province and year; the audit
-- table keeps every earlier one.
CREATE TABLE rule_switches (
    province_id text NOT NULL,
    year        integer NOT NULL,
    switched_on boolean NOT NULL,
    by_username text NOT NULL,
    by_name     text NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (province_id, year)
);
