runbook { id = "bad", title = "Bad", t0 = "2026-05-29 22:00", units = "u.yaml" }
section { id = "s", title = "S" }
step {
  id = "late",
  title = "Late",
  owners = "ttpvhcc",
  due = "T+2x",
}
