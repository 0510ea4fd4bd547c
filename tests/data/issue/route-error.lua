-- The issue tests' runbook whose route raises an error for 'other'.
runbook {
  id = "route-error-2026",
  title = "A route that fails",
  t0 = "2026-05-29 22:00",
  units = "units/issue.yaml",
}

difficulties {
  systems = { "portal", "other" },
  severities = { "low", "high" },
  route = function(u, system, severity)
    if system == "other" then
      error("no route for '" .. system .. "'")
    end
    return { "ttpvhcc" }
  end,
}

section { id = "s1", title = "1. Everyone" }

step { id = "focal-point", title = "Name a focal point", owners = all(), due = "T-12h" }
