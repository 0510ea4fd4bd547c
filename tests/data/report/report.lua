-- The report tests' runbook (tests/cli/t5002, t5003): a small cutover
-- with every kind of step the reports show.  A focal-point step whose
-- evidence makes the contacts directory; an account review with a
-- number and a file; a daily report that departments send to the
-- provincial police and each commune to its own commune police; the
-- police's daily compilation for the national data centre; a 24/7 duty
-- desk (a roster); a go/no-go gate; difficulties routed to the
-- coordinator and the police.  T0 is 29/05/2026 22:00; the daily
-- reports run from 30/05 to 31/05.
runbook {
  id = "report-2026",
  title = "Chuyển Cổng DVCQG sang TTDLQG — diễn tập báo cáo",
  directive = "Công văn CV-TEST/2026 của UBND tỉnh",
  t0 = "2026-05-29 22:00",
  timezone = "+07:00",
  units = "units/report.yaml",
  duty_window = { "T-2h", "T+1d" },
  items = { "D1.1", "D1.2", "D1.4", "D1.8", "D2.3", "D6.1" },
}

difficulties {
  systems = { "portal", "payment" },
  severities = { "low", "high" },
  route = function(u, system, severity)
    if u.police then return { "ttpvhcc", u.police } end
    return { "ttpvhcc", "cong-an-tinh" }
  end,
}

section { id = "s1", title = "1. Sở, ban, ngành; UBND xã, phường" }

step {
  id = "focal-point",
  directive = "D1.1",
  title = "Cử cán bộ đầu mối",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  due = "T-12h",
  evidence = { name = "text", position = "text", phone = "phone", email = "email?" },
}

step {
  id = "duty-desk",
  directive = "D1.2",
  title = "Trực 24/7 xử lý sự cố",
  owners = kinds { "department" },
  report_to = "ttpvhcc",
  due = "T-2h",
  roster = "truc-su-co",
}

step {
  id = "accounts",
  directive = "D1.4",
  title = "Rà soát tài khoản, phân quyền",
  owners = kinds { "department", "commune" },
  report_to = "ttpvhcc",
  due = "T-4h",
  requires = { "focal-point" },
  evidence = { reviewed = "int", fixed = "int", export = "file?" },
}

step {
  id = "daily-report",
  directive = "D1.8",
  title = "Báo cáo tình hình trước 16h",
  owners = kinds { "department", "commune" },
  report_to = function(u)
    if u.kind == "commune" then return u.police end
    return "cong-an-tinh"
  end,
  every = daily { before = "16:00", from = "T", to = "T+2d" },
  evidence = { summary = "text", received = "int?" },
}

section { id = "s2", title = "2. Công an tỉnh" }

step {
  id = "police-daily",
  directive = "D2.3",
  title = "Tổng hợp báo cáo gửi TTDLQG",
  owners = units { "cong-an-tinh" },
  report_to = "ttdlqg",
  every = daily { before = "18:00", from = "T", to = "T+2d" },
  evidence = { summary = "text" },
}

section { id = "s3", title = "3. Điều phối (TTPVHCC tỉnh)" }

step {
  id = "go",
  directive = "D6.1",
  title = "Quyết định ngắt chuyển (go/no-go)",
  owners = "ttpvhcc",
  report_to = "ttpvhcc",
  due = "T-1h",
  gate = true,
  requires = { "focal-point", "accounts" },
  evidence = { decision = "text" },
}
