-- A reminder to the residence cell's secretaries of an absence letter waiting for the cell's
-- decision: a new kind, 'don_cho_chi_bo', beside the workplace's 'don_cho_xac_nhan'.
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check
    CHECK (kind IN ('hop_chi_bo', 'don_cho_xac_nhan', 'don_cho_chi_bo', 'han_nhan_xet'));
