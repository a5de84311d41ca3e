-- The idle lock (issue 12): minutes without a key press or mouse move before the window
-- locks over the page; 0 never. Set in 设置 → 账号, 0–240 (the core checks).
ALTER TABLE stations ADD COLUMN idle_lock_minutes INTEGER NOT NULL DEFAULT 10;
