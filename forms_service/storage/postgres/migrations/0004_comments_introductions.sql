-- The yearly comment (Mẫu 3-213) a residence cell writes for each working member, and the
-- introduction letter (Mẫu 1-213) a workplace gives a member for the commune of residence.

CREATE TABLE comments (
    code         text PRIMARY KEY,                 -- NX-2026-00012
    year         smallint NOT NULL,
    member_id    text NOT NULL,
    workplace_id text NOT NULL,
    cell_id      text NOT NULL,
    state        text NOT NULL CHECK (state IN ('da_xin_y_kien', 'da_gui', 'da_nhan')),
    details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX comments_workplace_year ON comments (workplace_id, year);
CREATE INDEX comments_cell_year ON comments (cell_id, year);
CREATE INDEX comments_member_year ON comments (member_id, year);

CREATE TABLE introductions (
    code         text PRIMARY KEY,                 -- GT-2026-00007
    member_id    text NOT NULL,
    workplace_id text NOT NULL,
    commune_id   text NOT NULL,                    -- the commune/ward committee it is addressed to
    state        text NOT NULL CHECK (state IN ('da_gioi_thieu', 'da_tiep_nhan')),
    issued_on    date NOT NULL,
    details      jsonb NOT NULL DEFAULT '{}'
);
-- the member's latest introduction
CREATE INDEX introductions_member ON introductions (member_id, issued_on DESC, code DESC);
-- what a commune still has to receive
CREATE INDEX introductions_waiting_for_commune ON introductions (commune_id, issued_on) WHERE state = 'da_gioi_thieu';
