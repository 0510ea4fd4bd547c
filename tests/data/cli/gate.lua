-- The runbook of the gate and dependency tests (t2010-t2014, t4005): a
-- go/no-go gate with what it requires, what follows it, its fallback
-- path, a step with a start, a duty desk and a daily step.
runbook {
  id = "gate-2026",
  title = "Gate cutover",
  t0 = "2026-05-29 22:00",
  timezone = "+07:00",
  units = "units/mini.yaml",
  duty_window = { "T-2h", "T+1d" },
}

section { id = "s1", title = "1. Before the gate" }

step {
  id = "ready",
  title = "Be ready",
  owners = units { "dai-son", "so-tai-chinh" },
  report_to = "ttpvhcc",
  due = "T-4h",
}

step {
  id = "check",
  title = "Check the accounts",
  owners = units { "dai-son", "so-tai-chinh" },
  report_to = "ttpvhcc",
  due = "T-3h",
  requires = { "ready" },
  evidence = { reviewed = "int", fixed = "int", note = "text?" },
  check = function(ev)
    if ev.fixed > ev.reviewed then
      return nil, { "fixed exceeds reviewed", "review them again" }
    end
    return true
  end,
}

step {
  id = "desk",
  title = "Staff the 24/7 desk",
  owners = units { "dai-son" },
  report_to = "ttpvhcc",
  due = "T-2h",
  roster = "truc",
}

section { id = "s2", title = "2. Go / no-go" }

step {
  id = "go",
  title = "Decide go or no-go",
  owners = "ttpvhcc",
  report_to = "cong-an-tinh",
  due = "T-1h",
  gate = true,
  requires = { "ready", "check" },
  evidence = { confirmed = "bool", note = "text?" },
  check = function(ev)
    if ev.confirmed ~= true then return nil, "the slot is not confirmed" end
    return true
  end,
}

step {
  id = "switch",
  title = "Switch over",
  owners = "ttpvhcc",
  report_to = "cong-an-tinh",
  start = "T",
  due = "T+2h",
  requires = { "go" },
}

step {
  id = "rollback",
  title = "Stay on the old portal",
  owners = "ttpvhcc",
  report_to = "cong-an-tinh",
  due = "T",
  fallback = "go",
  evidence = { notice = "text" },
}

step {
  id = "replan",
  title = "Plan a new date",
  owners = "ttpvhcc",
  report_to = "cong-an-tinh",
  due = "T+1d",
  fallback = "go",
  requires = { "rollback" },
}
