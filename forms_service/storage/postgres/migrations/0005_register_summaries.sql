-- Each residence cell's figures of a year (meetings held, attendance, comments), kept up
-- to date as the register changes so that oversight adds numbers instead of reading
-- every meeting. Numbers in real columns: a province's oversight is one SUM … GROUP BY.

CREATE TABLE register_summaries (
    cell_id              text NOT NULL,
    year                 smallint NOT NULL,
    commune_id           text NOT NULL,
    working_members      integer NOT NULL DEFAULT 0 CHECK (working_members >= 0),
    meetings_scheduled   integer NOT NULL DEFAULT 0 CHECK (meetings_scheduled >= 0),
    meetings_held        integer NOT NULL DEFAULT 0 CHECK (meetings_held >= 0),
    expected_attendances integer NOT NULL DEFAULT 0 CHECK (expected_attendances >= 0),
    present              integer NOT NULL DEFAULT 0 CHECK (present >= 0),
    unexcused            integer NOT NULL DEFAULT 0 CHECK (unexcused >= 0),
    comments_requested   integer NOT NULL DEFAULT 0 CHECK (comments_requested >= 0),
    comments_returned    integer NOT NULL DEFAULT 0 CHECK (comments_returned >= 0),
    details              jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (cell_id, year)
);
CREATE INDEX register_summaries_commune_year ON register_summaries (commune_id, year);
