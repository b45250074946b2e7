-- One-time tokens of every form that creates something (not only letters), the mail outbox
-- and the render queue of documents in a final state: the service's own queues, kept in the
-- database so that a restart or a second app server loses none of them.

-- What a form posted once made (a reference code or an id): the token is the primary key, so
-- two posts of one token can never both be recorded. Replaces letter_tokens, which only
-- letters could use and which named the letter by a foreign key the other records lack.
CREATE TABLE tokens (
    token   text PRIMARY KEY,
    result  text NOT NULL,
    used_at timestamptz NOT NULL DEFAULT now()
);
DROP TABLE letter_tokens;

-- Mail to send once a change is saved, queued in the change's own transaction; removed once sent.
CREATE TABLE outbox (
    id        text PRIMARY KEY,
    kind      text NOT NULL,
    about     text NOT NULL,             -- the record it is about (its code)
    details   jsonb NOT NULL DEFAULT '{}',
    queued_at timestamptz NOT NULL
);
-- the sender takes the oldest first; a record's page asks for its own messages
CREATE INDEX outbox_oldest ON outbox (queued_at, id);
CREATE INDEX outbox_about ON outbox (about, queued_at);

-- Documents still to render and keep (kept_documents), oldest first; removed once both formats are kept.
CREATE TABLE render_queue (
    code      text PRIMARY KEY,
    queued_at timestamptz NOT NULL
);
CREATE INDEX render_queue_oldest ON render_queue (queued_at, code);

-- A reminder's key is kept once per recipient, as the contract says and the embedded store
-- does (one file per recipient): the key alone was the primary key until now.
ALTER TABLE reminders DROP CONSTRAINT reminders_pkey;
ALTER TABLE reminders ADD PRIMARY KEY (recipient, key);
