-- A runbook that uses every declaration and every kind of field.
local lib = require "lib.common"
assert(require "lib.common" == lib, "modules run once")

runbook {
  id = "demo-2026",
  title = "Demo cutover",
  directive = "CV-1/2026",
  t0 = "2026-05-29 22:00",
  timezone = "+07:00",
  units = "units/demo.yaml",
  duty_window = { "T-2h", "T+7d" },
  items = { "D1.1", "D1.5", "D1.8" },
}

section { id = "s1", title = "1. Departments and communes" }

step {
  id = "focal-point",
  directive = "D1.1",
  title = "Name a focal point",
  details = "One person **per unit**.",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  start = "T-3d",
  due = "T-12h",
  evidence = { phone = "phone", name = "text", email = "email?" },
}

step {
  id = "accounts",
  title = "Export the accounts",
  owners = except(all(), { "ttpvhcc" }),
  report_to = function(u)
    if u.kind == "department" then return "ca-tinh" end
    return u.police
  end,
  due = "T+1d 16:00",
  requires = { "focal-point" },
  evidence = { export = "file", count = "int", fee = "money?", ok = "bool" },
  check = function(ev, ctx)
    if ev.count == 0 then return nil, "count is zero" end
    if ev.count == 1 then return nil, { "first reason", "second reason" } end
    if ev.count == 2 then error("boom") end
    if ev.count == 3 then return false end
    if ev.count == 4 then return 42 end
    if ev.count == 5 then while true do end end
    if ctx.unit.id ~= "so-tai-chinh" or ctx.step ~= "accounts"
       or ctx.task ~= "accounts@so-tai-chinh"
       or ctx.unit.contacts.phone ~= "0222 3822 555" then
      return nil, "unexpected ctx"
    end
    if ev.ok ~= true or ev.fee ~= 1500000 or math.type(ev.count) ~= "integer"
       or ev.export.name ~= "a.csv" or ev.export.size ~= 4
       or ev.export.text ~= "a,b\n" then
      return nil, "unexpected evidence"
    end
    return true
  end,
}

section { id = "s2", title = "2. Go / no-go" }

step {
  id = "go",
  directive = "D1.5",
  title = "Decide go or no-go",
  owners = "ttpvhcc",
  due = "T",
  gate = true,
  requires = { "focal-point", "accounts" },
}

step {
  id = "daily-report",
  directive = "D1.8",
  title = "Report before 16:00",
  owners = units { "so-tai-chinh", "cong-an-tinh" },
  report_to = lib.route,
  every = daily { before = "16:00", from = "T", to = "T+7d" },
}

step {
  id = "fees",
  title = "Check the fee table",
  owners = { "so-tai-chinh", "ttpvhcc" },
  due = "30/05/2026 08:00",
  evidence = { table = "file" },
  check = lib.check_fees,
}
