-- The organisation: units (province, communes, residence cells, workplace organisations),
-- party members and the accounts people sign in with.
-- Every table keeps what pages filter and sort on in real columns, named as the record's
-- fields, and the rest of the record in `details` (JSONB).
-- Records name one another by id (a member's workplace, a letter's cell) without foreign
-- keys between collections, as in the embedded store: the application checks those names
-- when it saves, and a store can then be copied in collection by collection in any order.

CREATE TABLE units (
    id        text PRIMARY KEY,
    kind      text NOT NULL CHECK (kind IN ('tinh', 'xa_phuong', 'chi_bo_cu_tru', 'cap_tren_co_so', 'co_so_cong_tac')),
    parent_id text,
    details   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE members (
    id                text PRIMARY KEY,
    workplace_id      text NOT NULL,
    residence_cell_id text,
    status            text NOT NULL CHECK (status IN ('dang_sinh_hoat', 'da_ra_khoi_dang')),
    details           jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX members_workplace ON members (workplace_id);
CREATE INDEX members_residence_cell ON members (residence_cell_id);

CREATE TABLE accounts (
    username  text PRIMARY KEY,
    role      text NOT NULL
              CHECK (role IN ('dang_vien', 'bi_thu_chi_bo', 'cap_uy_noi_cong_tac', 'dang_uy_xa_phuong', 'quan_tri')),
    unit_id   text,
    member_id text,
    details   jsonb NOT NULL DEFAULT '{}'
);
-- whom to tell of a step: the accounts bound to a unit
CREATE INDEX accounts_unit ON accounts (unit_id);
CREATE INDEX accounts_member ON accounts (member_id);
