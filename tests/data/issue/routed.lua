-- The issue tests' runbook: difficulties declared, a route that sends
-- everything to the coordinator, the catalogue to the line ministry,
-- the portal to the police and MobiFone, critical ones to the Chairman;
-- the coordinator's own go to the Chairman only, and 'other' from the
-- police goes nowhere (nil).
runbook {
  id = "issue-2026",
  title = "Issue drill",
  t0 = "2026-05-29 22:00",
  units = "units/issue.yaml",
}

difficulties {
  systems = { "portal", "catalogue", "other" },
  severities = { "low", "high", "critical" },
  route = function(u, system, severity)
    if u.kind == "police" and system == "other" then return nil end
    if u.id == "ttpvhcc" then return "chu-tich" end
    local to = { "ttpvhcc" }
    if system == "catalogue" then to[#to + 1] = "bo-chu-quan" end
    if system == "portal" then
      to[#to + 1] = "cong-an-tinh"; to[#to + 1] = "mobifone"
    end
    if severity == "critical" then to[#to + 1] = "chu-tich" end
    to[#to + 1] = "ttpvhcc"   -- twice on purpose: recipients are distinct
    return to
  end,
}

section { id = "s1", title = "1. Everyone" }

step { id = "focal-point", title = "Name a focal point", owners = all(), due = "T-12h" }
