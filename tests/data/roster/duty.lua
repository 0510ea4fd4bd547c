-- A small runbook for the roster tests: two duty roles for the department
-- and the commune, a technical one for the telecom, a step without a
-- roster, and a short duty window (T-2h..T+1d: 29/05 20:00 to 30/05 22:00)
-- so that a night shift and a day shift, end to end, can cover it.
runbook {
  id = "duty-2026",
  title = "Duty roster test",
  directive = "CV-TEST/2026",
  t0 = "2026-05-29 22:00",
  timezone = "+07:00",
  units = "units/duty.yaml",
  duty_window = { "T-2h", "T+1d" },
  items = { "D1.1", "D1.2", "D1.3", "D4.1" },
}

section { id = "s1", title = "1. Duty desks" }

step {
  id = "focal-point",
  directive = "D1.1",
  title = "Name a focal point",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  due = "T-12h",
  evidence = { name = "text" },
}

step {
  id = "incident-desk",
  directive = "D1.2",
  title = "24/7 incident desk",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  due = "T-2h",
  roster = "truc-su-co",
  evidence = { lead = "text" },
}

step {
  id = "support-desk",
  directive = "D1.3",
  title = "24/7 support desk",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  due = "T-2h",
  roster = "truc-ho-tro",
}

step {
  id = "vnpt-desk",
  directive = "D4.1",
  title = "24/7 technical standby",
  owners = units { "vien-thong" },
  report_to = "ttpvhcc",
  due = "T-2h",
  roster = "truc-ky-thuat",
}
