-- A switch names its local practice (the rating cap, the workplace confirming an absence
-- letter first, the absences written into "nhận xét khác"): the practice joins the key.
-- The switches saved before were all the rating cap's. `details` keeps the whole record as
-- the domain writes it (RuleSwitch.to_record()), like every other table.
ALTER TABLE rule_switches ADD COLUMN rule text NOT NULL DEFAULT 'gioi-han-xep-loai';
ALTER TABLE rule_switches ALTER COLUMN rule DROP DEFAULT;
ALTER TABLE rule_switches ADD COLUMN details jsonb NOT NULL DEFAULT '{}';
UPDATE rule_switches SET details = jsonb_build_object(
    'rule', rule, 'province_id', province_id, 'year', year, 'on', switched_on, 'by', by_username,
    'by_name', by_name, 'at', to_char(at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS') || '+07:00');
ALTER TABLE rule_switches DROP CONSTRAINT rule_switches_pkey;
ALTER TABLE rule_switches ADD PRIMARY KEY (rule, province_id, year);
