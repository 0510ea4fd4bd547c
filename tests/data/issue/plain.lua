-- The issue tests' runbook without a difficulties { } declaration.
runbook {
  id = "plain-2026",
  title = "No difficulties log",
  t0 = "2026-05-29 22:00",
  units = "units/issue.yaml",
}

section { id = "s1", title = "1. Everyone" }

step { id = "focal-point", title = "Name a focal point", owners = all(), due = "T-12h" }
