-- The audit trail, the numbering of reference codes, and kept documents.

-- Who did what, when, to which record, and why. Append-only; newest first by id.
CREATE TABLE audit (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text NOT NULL,
    action  text NOT NULL,
    target  text NOT NULL DEFAULT '',
    reason  text NOT NULL DEFAULT '',
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_target ON audit (target, id DESC);

-- Reference codes are numbered per kind and year (letters-2026, comments-2026,
-- ggt-<workplace>.<year>…), so the sequences cannot all be created in advance: the first
-- call of next_number(name) creates one. Its row in `counters` (a unique key) decides
-- which of two concurrent first calls creates it; the other waits for that to commit.
-- nextval is never rolled back: a failed save leaves a gap, never a duplicate.
CREATE TABLE counters (
    name          text PRIMARY KEY,
    sequence_name text NOT NULL UNIQUE
);

CREATE FUNCTION next_number(counter text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    seq text;
BEGIN
    SELECT c.sequence_name INTO seq FROM counters c WHERE c.name = counter;
    IF seq IS NULL THEN
        seq := 'counter_' || md5(counter);   -- any name fits in 63 bytes
        -- no conflict target: a concurrent first call may collide on either unique key
        INSERT INTO counters (name, sequence_name) VALUES (counter, seq) ON CONFLICT DO NOTHING;
        IF FOUND THEN
            EXECUTE format('CREATE SEQUENCE %I', seq);
        END IF;
    END IF;
    RETURN nextval(format('%I', seq)::regclass);
END
$$;

-- A document in a final state, rendered once and kept; downloads serve these bytes.
-- The digest is checked against the bytes, so a kept file cannot silently differ from it.
CREATE TABLE kept_documents (
    code    text NOT NULL,                         -- the record it prints (VS-…, NX-…, GT-…)
    format  text NOT NULL CHECK (format IN ('pdf', 'docx')),
    content bytea NOT NULL,
    sha256  text NOT NULL,
    kept_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (code, format),
    CHECK (sha256 = encode(sha256(content), 'hex'))
);
