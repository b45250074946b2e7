-- Where a province does not ask the workplace to confirm an absence letter first (a local
-- practice, per province and year), the letter goes straight to the residence cell: a new
-- state, 'gui_thang_chi_bo', which waits for the cell like a confirmed letter.
ALTER TABLE letters DROP CONSTRAINT letters_state_check;
ALTER TABLE letters ADD CONSTRAINT letters_state_check
    CHECK (state IN ('da_gui', 'noi_cong_tac_xac_nhan', 'noi_cong_tac_khong_xac_nhan', 'chi_bo_dong_y',
                     'chi_bo_khong_dong_y', 'da_rut', 'gui_thang_chi_bo'));
DROP INDEX letters_waiting_for_cell;
CREATE INDEX letters_waiting_for_cell ON letters (cell_id, submitted_at)
    WHERE state IN ('noi_cong_tac_xac_nhan', 'gui_thang_chi_bo');
