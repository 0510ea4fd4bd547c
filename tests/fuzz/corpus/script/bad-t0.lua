runbook { id = "x", title = "X", t0 = "T+2x" }
