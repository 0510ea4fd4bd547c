-- The load test's runbook (tests/cli/t2004-load.sh): 32 steps that need
-- no evidence, owned by each of the 50 units of units/load.yaml, so 1,600
-- distinct tasks that 8 writers sign at once (4 steps each, 200 tasks);
-- and one more step for the race on a single task.
runbook {
  id = "load-2026",
  title = "Load test",
  directive = "CV-TEST/2026",
  t0 = "2026-05-29 22:00",
  timezone = "+07:00",
  units = "units/load.yaml",
}

section { id = "s1", title = "1. Many sign-offs" }

for i = 1, 32 do
  step {
    id = string.format("load-%02d", i),
    title = string.format("Load step %d", i),
    owners = all(),
    due = "T-12h",
  }
end

step {
  id = "twin",
  title = "Signed by two writers at once",
  owners = all(),
  due = "T-6h",
}
