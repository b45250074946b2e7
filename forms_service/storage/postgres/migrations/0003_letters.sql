-- Absence letters and the one-time tokens that make sending a letter safe to repeat
-- (a double click or a resend after a lost answer finds the letter already stored).

CREATE TABLE letters (
    code         text PRIMARY KEY,                 -- VS-2026-00123
    member_id    text NOT NULL,
    cell_id      text NOT NULL,                    -- the member's residence cell
    workplace_id text NOT NULL,
    state        text NOT NULL CHECK (state IN ('da_gui', 'noi_cong_tac_xac_nhan', 'noi_cong_tac_khong_xac_nhan',
                                                'chi_bo_dong_y', 'chi_bo_khong_dong_y', 'da_rut')),
    submitted_at timestamptz NOT NULL,
    year         smallint NOT NULL,                -- of submission, in Việt Nam's time (Letter.year)
    dates        date[] NOT NULL DEFAULT '{}',     -- the days it asks to miss (Letter.dates)
    details      jsonb NOT NULL DEFAULT '{}'
);
-- the member's own letters, newest first
CREATE INDEX letters_member ON letters (member_id, submitted_at DESC);
-- a cell's letters of a year (the register)
CREATE INDEX letters_cell_year ON letters (cell_id, year, submitted_at DESC);
-- the two waiting lists: small partial indexes, whatever the number of letters decided
CREATE INDEX letters_waiting_for_workplace ON letters (workplace_id, submitted_at) WHERE state = 'da_gui';
CREATE INDEX letters_waiting_for_cell ON letters (cell_id, submitted_at) WHERE state = 'noi_cong_tac_xac_nhan';

CREATE TABLE letter_tokens (
    token       text PRIMARY KEY,
    letter_code text NOT NULL UNIQUE REFERENCES letters (code) ON DELETE CASCADE,
    used_at     timestamptz NOT NULL DEFAULT now()
);
