-- The issue tests' runbook whose route names a unit not in the registry.
runbook {
  id = "route-unknown-2026",
  title = "A route to nowhere",
  t0 = "2026-05-29 22:00",
  units = "units/issue.yaml",
}

difficulties {
  systems = { "portal" },
  severities = { "low" },
  route = function(u, system, severity)
    return { "ttpvhcc", "bo-cong-an" }
  end,
}

section { id = "s1", title = "1. Everyone" }

step { id = "focal-point", title = "Name a focal point", owners = all(), due = "T-12h" }
