-- A residence cell's meetings and who came to each. The embedded store keeps attendance
-- inside the meeting record (extra.attendance, member id -> entry); here each entry is a
-- row, so a member's absences and a year's figures are read without opening every meeting.

CREATE TABLE meetings (
    id      text PRIMARY KEY,
    cell_id text NOT NULL,
    date    date NOT NULL,
    kind    text NOT NULL CHECK (kind IN ('dinh_ky', 'bat_thuong')),
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX meetings_cell_date ON meetings (cell_id, date);

CREATE TABLE attendance (
    meeting_id  text NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    member_id   text NOT NULL,
    status      text NOT NULL CHECK (status IN ('co_mat', 'vang_co_don', 'vang_khong_ly_do', 'bat_kha_khang')),
    letter_code text NOT NULL DEFAULT '',
    details     jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (meeting_id, member_id),
    -- "excused" only with the agreed letter that names the meeting
    CHECK (status <> 'vang_co_don' OR letter_code <> '')
);
CREATE INDEX attendance_member ON attendance (member_id);
