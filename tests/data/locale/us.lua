-- A small runbook in English for a US site: the cutover of an ERP system
-- over the night daylight saving time starts in New York (02:00 on
-- Sunday 14 March 2027 becomes 03:00).  T0 is Saturday 22:00 EST; every
-- day-based deadline keeps its local time across the change, every
-- hour-based one is elapsed time.  Money is in dollars and cents, phone
-- numbers are North American, dates are ISO only (no date_order).
runbook {
  id = "us-erp-2027",
  title = "ERP cutover, Springfield plants",
  directive = "Change order CO-2027-014",
  t0 = "2027-03-13 22:00",
  lang = "en", region = "US", currency = "USD",
  timezone = "America/New_York",
  units = "units/us.yaml",
  duty_window = { "T-2h", "T+2d" },
  items = {
    { id = "R1", title = "Name a site contact" },
    { id = "R2", title = "Approve the cutover budget" },
    { id = "R3", title = "Freeze configuration changes" },
    "R4",
  },
}

labels {
  terms = { source = "change order", item = "requirement" },
  items = { R4 = "Daily plant check during hypercare" },
  roles = { helpdesk = "Help desk" },
  kinds = { office = "Office", department = "Department", plant = "Plant",
            vendor = "Vendor" },
  fields = { name = "Contact name", notes = "Notes" },
}

difficulties {
  systems = { { id = "erp", label = "ERP system" },
              { id = "network", label = "Plant network" } },
  severities = { { id = "minor", label = "Minor" },
                 { id = "major", label = "Major" },
                 { id = "blocker", label = "Blocker" } },
  route = function(u, system, severity)
    local to = { "it-hub" }
    if system == "erp" then to[#to + 1] = "vendor" end
    return to
  end,
}

section { id = "prep", title = "Preparation" }

step {
  id = "contact", directive = "R1",
  title = "Name the site's cutover contact",
  owners = kinds { "plant", "department" },
  report_to = "it-hub", due = "T-12h",
  evidence = {
    name = "text",
    phone = { type = "phone", label = "Desk phone" },
  },
}

step {
  id = "budget", directive = "R2",
  title = "Approve the plant's cutover budget",
  owners = where { region = { "east", "west" } },
  report_to = "finance", due = "T-4h",
  evidence = {
    approved = { type = "money", label = "Approved budget" },
    adjustment = { type = "money?", label = "Adjustment", negative = true },
  },
  -- Money reaches a check in cents; the registry's attributes too.
  check = function(ev, ctx)
    local shifts = tonumber(ctx.unit.attributes.shifts) or 1
    if ev.approved > 1000000 * shifts then
      return nil, string.format("over $%d.00 per shift", 10000)
    end
    local plants = 0
    for _, u in ipairs(registry()) do
      if u.kind == "plant" then plants = plants + 1 end
    end
    if plants ~= 2 then return nil, "the registry lost a plant" end
    return true
  end,
}

step {
  id = "freeze", directive = "R3",
  title = "Freeze configuration changes",
  owners = "it-hub", report_to = "it-hub", due = "T-2h",
  evidence = { frozen_on = { type = "date", label = "Frozen on" },
               notes = "text?" },
}

step {
  id = "helpdesk", directive = "R1",
  title = "Staff the help desk through the first two days",
  owners = "it-hub", report_to = "it-hub", due = "T-1h",
  roster = "helpdesk",
  evidence = { lead = { type = "text", label = "Desk lead" } },
}

section { id = "hypercare", title = "Cutover and hypercare" }

step {
  id = "go-live", directive = "R3",
  title = "Decide go-live",
  owners = "it-hub", report_to = "it-hub",
  due = "T+1d",                      -- 22:00 on Sunday, EDT: 23 hours later
  gate = true,
  evidence = { decided_by = { type = "text", label = "Decided by" } },
}

step {
  id = "first-orders", directive = "R3",
  title = "Post the first orders",
  owners = units { "plant-east", "plant-west" }, report_to = "it-hub",
  due = "T+6h",                      -- elapsed: 05:00 EDT
  evidence = { orders = { type = "int", label = "Orders posted" } },
}

step {
  id = "plant-check", directive = "R4",
  title = "Morning plant check",
  owners = kinds { "plant" }, report_to = "it-hub",
  every = daily { before = "09:00", from = "T-1d", to = "T+2d" },
  evidence = { ok = { type = "bool", label = "All lines running" },
               notes = "text?" },
}
