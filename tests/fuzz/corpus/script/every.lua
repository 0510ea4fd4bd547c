runbook { id = "f", title = "F", t0 = "2026-05-29 22:00", duty_window = { "T-2h", "T+7d" } }
section { id = "s", title = "S" }
step { id = "a", title = "A", owners = kinds { "commune" }, due = "T-1h",
  evidence = { n = "int", ok = "bool", d = "date", m = "money", p = "phone?", u = "url?" } }
step { id = "b", title = "B", owners = all(), requires = { "a" },
  every = daily { before = "16:00", from = "T", to = "T+3d" },
  report_to = function(u) return u.police or "ttpvhcc" end }
step { id = "g", title = "G", owners = "ttpvhcc", gate = true, due = "T" }
