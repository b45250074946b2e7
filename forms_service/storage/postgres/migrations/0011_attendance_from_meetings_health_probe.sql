-- Attendance rows follow the meeting record. The record (`details`, as the embedded store
-- keeps it) holds each member's entry under extra.attendance; the `attendance` table is a
-- copy of those entries for queries by member. A trigger rewrites a meeting's rows whenever
-- its record is written, whoever writes it (the repository, a copy between stores), so the
-- two cannot drift apart; `check` compares them through the view below.

CREATE VIEW attendance_in_meetings AS
SELECT m.id AS meeting_id, entry.key AS member_id, entry.value ->> 'status' AS status,
       coalesce(entry.value ->> 'letter_code', '') AS letter_code, entry.value AS details
FROM meetings m, jsonb_each(coalesce(m.details -> 'extra' -> 'attendance', '{}'::jsonb)) AS entry;

CREATE FUNCTION attendance_follows_meeting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM attendance WHERE meeting_id = NEW.id;
    INSERT INTO attendance (meeting_id, member_id, status, letter_code, details)
    SELECT meeting_id, member_id, status, letter_code, details FROM attendance_in_meetings WHERE meeting_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER attendance_follows_new_meeting AFTER INSERT ON meetings
    FOR EACH ROW EXECUTE FUNCTION attendance_follows_meeting();
CREATE TRIGGER attendance_follows_changed_meeting AFTER UPDATE ON meetings
    FOR EACH ROW WHEN (OLD.details IS DISTINCT FROM NEW.details) EXECUTE FUNCTION attendance_follows_meeting();

-- /healthz writes and reads back this one row, so "writable" is a real write.
CREATE TABLE health_probe (
    id         smallint PRIMARY KEY CHECK (id = 1),
    checked_at timestamptz NOT NULL
);
