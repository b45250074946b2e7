-- Reminders (the workplace reminds its members, Điều 3 Quy định số 213-QĐ/TW): each kept once
-- by its key, per recipient ("m.<member>" or "u.<unit>.<role>"), shown until its event's day.
-- A comment request's deadline is kept in the comment's details, so comments need no column.

CREATE TABLE reminders (
    key         text PRIMARY KEY,   -- names the event and the recipient: made once, sent once
    recipient   text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('hop_chi_bo', 'don_cho_xac_nhan', 'han_nhan_xet')),
    shown_until date NOT NULL,
    made_on     date,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX reminders_recipient ON reminders (recipient, shown_until);
