runbook { id = "x", title = "X", t0 = "2026-05-29 22:00" }
while true do end
