-- Two more ways of an accepted absence in the register: a letter handed in on paper
-- ('vang_co_don_giay') and, where the province asks no letter, a word to the cell committee
-- ('da_bao_chi_uy'). Neither names a letter of the service, so neither needs a letter_code.
ALTER TABLE attendance DROP CONSTRAINT attendance_status_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_status_check
    CHECK (status IN ('co_mat', 'vang_co_don', 'vang_khong_ly_do', 'bat_kha_khang', 'vang_co_don_giay',
                      'da_bao_chi_uy'));
-- A letter the workplace did not confirm goes on to the residence cell, which decides:
-- 'noi_cong_tac_khong_xac_nhan' now waits for the cell.
DROP INDEX letters_waiting_for_cell;
CREATE INDEX letters_waiting_for_cell ON letters (cell_id, submitted_at)
    WHERE state IN ('noi_cong_tac_xac_nhan', 'gui_thang_chi_bo', 'noi_cong_tac_khong_xac_nhan');
-- The scan or photo of a paper letter is kept beside the printed copies, as an image or a PDF.
ALTER TABLE kept_documents DROP CONSTRAINT kept_documents_format_check;
ALTER TABLE kept_documents ADD CONSTRAINT kept_documents_format_check CHECK (format IN ('pdf', 'docx', 'jpg', 'png'));
