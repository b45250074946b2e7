-- The Front work committee of a residence area (Ban công tác Mặt trận khu dân cư): a new role,
-- bound to the residence cell of its area, and its opinion on a working member living there,
-- one a year (a second one replaces the first). The comment records the day the committee was
-- consulted in its details (front_consulted_on), so the comments table needs no new column.

ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
    CHECK (role IN ('dang_vien', 'bi_thu_chi_bo', 'cap_uy_noi_cong_tac', 'dang_uy_xa_phuong',
                    'ban_cong_tac_mat_tran', 'quan_tri'));

CREATE TABLE front_opinions (
    cell_id   text NOT NULL,
    member_id text NOT NULL,
    year      smallint NOT NULL,
    text      text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
    given_on  date NOT NULL,
    given_by  text NOT NULL,
    details   jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (cell_id, member_id, year)
);
CREATE INDEX front_opinions_cell_year ON front_opinions (cell_id, year);
