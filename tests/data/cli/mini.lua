-- A small runbook for the CLI tests: every evidence type, a check that
-- refuses with reasons, a step with requires, a gate, a daily step.
runbook {
  id = "mini-2026",
  title = "Mini cutover",
  directive = "CV-TEST/2026",
  t0 = "2026-05-29 22:00",
  timezone = "+07:00",
  units = "units/mini.yaml",
  duty_window = { "T-2h", "T+7d" },
  items = { "D1.1", "D1.2", "D1.3", "D1.4", "D2.1" },
}

section { id = "s1", title = "1. Departments and communes" }

step {
  id = "focal-point",
  directive = "D1.1",
  title = "Name a focal point",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  due = "T-12h",
  evidence = { name = "text", phone = "phone", email = "email?" },
}

step {
  id = "accounts",
  directive = "D1.2",
  title = "Review the accounts",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  due = "T-4h",
  requires = { "focal-point" },
  evidence = { reviewed = "int", fixed = "int", export = "file?" },
  check = function(ev, ctx)
    if ev.fixed > ev.reviewed then
      return nil, string.format("fixed (%d) exceeds reviewed (%d)", ev.fixed, ev.reviewed)
    end
    if ev.reviewed == 0 then
      return nil, { "nothing reviewed", "review at least one account" }
    end
    return true
  end,
}

step {
  id = "fees",
  directive = "D1.3",
  title = "Check the fee table",
  owners = units { "so-tai-chinh" },
  report_to = "ttpvhcc",
  due = "T-6h",
  evidence = { amount = "money", effective = "date", table = "file", site = "url?" },
}

step {
  id = "daily-report",
  directive = "D1.4",
  title = "Report before 16:00",
  owners = all(),
  report_to = function(u)
    if u.police then return u.police end
    return "ttpvhcc"
  end,
  every = daily { before = "16:00", from = "T", to = "T+7d" },
}

section { id = "s2", title = "2. Go / no-go" }

step {
  id = "go",
  directive = "D2.1",
  title = "Decide go or no-go",
  owners = "ttpvhcc",
  report_to = "cong-an-tinh",
  due = "T-1h",
  gate = true,
  requires = { "focal-point", "accounts" },
  evidence = { confirmed = "bool", by = "text" },
}
