-- runbooks/bac-ninh.lua
--
-- Runbook of the Bắc Ninh provincial Public Administration Service Center
-- (Trung tâm Phục vụ hành chính công tỉnh, "TTPVHCC tỉnh") for the cutover of
-- the National Public Service Portal (Cổng Dịch vụ công quốc gia) to the
-- National Data Center (Trung tâm Dữ liệu quốc gia, TTDLQG – Bộ Công an)
-- at 22:00 on 29/05/2026 (T0).
--
-- Source: the letter of UBND tỉnh Bắc Ninh, May 2026, .../UBND-HCC
-- (shared/directive/cong-van-ubnd-bac-ninh-2026-05.md); its items D1.1–D6.6
-- are listed in shared/directive/ITEMS.md. Every step names the item it
-- mirrors in `directive`; sections 1–6 are the six numbered parts of the
-- letter, section 7 holds the go/no-go gate and the close of the 24/7 period.
--
-- Where the letter is silent (exact deadlines before T0, the time of the
-- province's daily report to TTDLQG, the end of the 24/7 period), the
-- choices are ours and are said so beside each step.
--
-- Language: docs/runbook-language.md. Sandbox: base, string, table, math,
-- utf8 only (no io, no os).

------------------------------------------------------------------------------
-- Unit ids of the registry (runbooks/units/bac-ninh.yaml)
------------------------------------------------------------------------------
local TTPVHCC   = "trung-tam-phuc-vu-hanh-chinh-cong-tinh" -- the coordinator
local CA_TINH   = "cong-an-tinh"
local SO_KHCN   = "so-khoa-hoc-va-cong-nghe"
local VNPT      = "vien-thong-bac-ninh"
local MOBIFONE  = "mobifone-bac-ninh"
local TTDLQG    = "ttdlqg"              -- Trung tâm Dữ liệu quốc gia – BCA
local BO_CQ     = "bo-chu-quan"         -- the line ministries
local CHU_TICH  = "chu-tich-ubnd-tinh"  -- Chủ tịch UBND tỉnh

-- Part 1 of the letter is addressed to "Các sở, cơ quan thuộc UBND tỉnh",
-- "Thuế tỉnh" and "UBND các xã, phường" (see "Kính gửi").
local function part1_owners()
  return kinds { "department", "commune", "ward", "tax" }
end

-- The daily rhythm of the first days of official operation: from T0 to the
-- end of the 24/7 period (T+7d, see duty_window below).
local function every_day_before(hhmm)
  return daily { before = hhmm, from = "T", to = "T+7d" }
end

------------------------------------------------------------------------------
-- Helpers for the `check` functions (pure Lua: string, table, math only)
------------------------------------------------------------------------------
local function blank(s)
  return s == nil or (type(s) == "string" and s:match("^%s*$") ~= nil)
end

-- An attached file ({ name, size, text }) that holds something.
local function file_has_content(f)
  if type(f) ~= "table" then return false end
  if f.size ~= nil and f.size <= 0 then return false end
  if f.text ~= nil and blank(f.text) then return false end
  return true
end

-- Collects reasons; returns true when there are none, else nil and the list.
local function verdict(reasons)
  if #reasons == 0 then return true end
  return nil, reasons
end

-- The data checks of D1.4, D1.5 and D1.6 (accounts, fees, catalogue):
-- lib/datachecks.lua beside this file documents the columns, the rules and
-- the position -> roles policy.
local datachecks = require "lib.datachecks"

-- The findings of a data check, plus a mismatch between a count the
-- officer typed and what the attached file holds (when it could be read).
local function data_verdict(findings, info, typed, counted, what)
  if info and typed ~= counted then
    findings[#findings + 1] = string.format(
      "[count] %s đã ghi (%d) khác số trong tệp đính kèm (%d)", what, typed, counted)
  end
  return verdict(findings)
end

-- A 24/7 desk: who leads it and the desk's own number.  Its shifts are
-- registered with `cutover roster` under the step's `roster` role; the
-- engine signs the step only when they cover the whole duty window.
local DESK_EVIDENCE = { lead = "text", phone = "phone" }
local function check_desk(ev)
  local r = {}
  if blank(ev.lead) then r[#r + 1] = "chưa ghi họ tên người phụ trách ca trực" end
  return verdict(r)
end

-- A daily situation report: processed <= received when both are given.
local REPORT_EVIDENCE = { summary = "text", received = "int?", processed = "int?" }
local function check_report(ev)
  local r = {}
  if blank(ev.summary) then r[#r + 1] = "nội dung báo cáo đang trống" end
  if ev.received ~= nil and ev.received < 0 then r[#r + 1] = "số hồ sơ tiếp nhận không được âm" end
  if ev.processed ~= nil and ev.processed < 0 then r[#r + 1] = "số hồ sơ đã xử lý không được âm" end
  if ev.received ~= nil and ev.processed ~= nil and ev.processed > ev.received then
    r[#r + 1] = string.format(
      "số hồ sơ đã xử lý (%d) lớn hơn số hồ sơ tiếp nhận (%d)", ev.processed, ev.received)
  end
  return verdict(r)
end

-- A compilation of difficulties: `count` of them, described when > 0.
local DIFFICULTIES_EVIDENCE = { count = "int", summary = "text?", list = "file?" }
local function check_difficulties(ev)
  local r = {}
  if ev.count < 0 then r[#r + 1] = "số vướng mắc không được âm" end
  if ev.count > 0 and blank(ev.summary) and not file_has_content(ev.list) then
    r[#r + 1] = "có vướng mắc thì phải nêu nội dung (summary) hoặc đính kèm danh sách (list)"
  end
  return verdict(r)
end

------------------------------------------------------------------------------
runbook {
  id = "bn-dvcqg-2026",
  title = "Ngắt chuyển, vận hành chính thức Cổng Dịch vụ công quốc gia tại "
       .. "Trung tâm Dữ liệu quốc gia – tỉnh Bắc Ninh",
  directive = "Công văn …/UBND-HCC tháng 5/2026 của UBND tỉnh Bắc Ninh",
  t0 = "2026-05-29 22:00",
  -- The language reports speak unless told (--lang), the place whose phone
  -- numbers and money are typed, the clock (Vietnam keeps no daylight
  -- saving: the zone and +07:00 agree), and how dates are written here.
  lang = "vi", region = "VN", currency = "VND",
  timezone = "Asia/Ho_Chi_Minh", date_order = "dmy",
  units = "units/bac-ninh.yaml",
  -- "24/7 trong thời gian ngắt chuyển và những ngày đầu vận hành chính thức":
  -- the letter gives no end date. The desks are staffed from T-2h; the end,
  -- 7 days after T0 (05/06/2026 22:00), is OUR parameter, not the letter's.
  duty_window = { "T-2h", "T+7d" },
  items = {
    "D1.1", "D1.2", "D1.3", "D1.4", "D1.5", "D1.6", "D1.7", "D1.8",
    "D2.1", "D2.2", "D2.3",
    "D3.1", "D3.2",
    "D4.1",
    "D5.1", "D5.2",
    "D6.1", "D6.2", "D6.3", "D6.4", "D6.5", "D6.6",
  },
}

------------------------------------------------------------------------------
-- What people read in place of the ids: every report, `cutover status`,
-- `step` and the web pages print these labels, in Vietnamese (the
-- runbook's language) or English (--lang en); the ids stay in --json, CSV
-- and the ledger. `cutover check` lists any id left without a label.
------------------------------------------------------------------------------
labels {
  terms = {
    source = { vi = "văn bản chỉ đạo", en = "directive" },
    item = { vi = "nội dung", en = "directive item" },
  },
  items = {
    ["D1.1"] = { vi = "Cử cán bộ đầu mối, gửi thông tin về TTPVHCC tỉnh",
                 en = "Appoint a focal-point officer, send their details to the provincial service centre" },
    ["D1.2"] = { vi = "Thường trực 24/7 ứng phó sự cố",
                 en = "24/7 incident-response duty" },
    ["D1.3"] = { vi = "Thường trực 24/7 hướng dẫn, hỗ trợ các xã, phường",
                 en = "24/7 duty guiding and supporting communes and wards" },
    ["D1.4"] = { vi = "Rà soát tài khoản, phân quyền cán bộ",
                 en = "Review officers' accounts and permissions" },
    ["D1.5"] = { vi = "Cập nhật tài khoản thụ hưởng, phí, lệ phí, cấu hình thanh toán",
                 en = "Update beneficiary accounts, fees and payment settings" },
    ["D1.6"] = { vi = "Rà soát danh mục TTHC, theo dõi tiếp nhận, xử lý trên Cổng mới",
                 en = "Review the procedure catalogue, watch receiving and processing on the new portal" },
    ["D1.7"] = { vi = "Tổng hợp, phản ánh khó khăn, vướng mắc",
                 en = "Collect and report difficulties" },
    ["D1.8"] = { vi = "Báo cáo hằng ngày trước 16h",
                 en = "Daily report before 16:00" },
    ["D2.1"] = { vi = "Chỉ đạo Công an các xã, phường phối hợp",
                 en = "Direct the commune police to work with the service centres" },
    ["D2.2"] = { vi = "Hỗ trợ người dân, doanh nghiệp với VNeID",
                 en = "Help citizens and businesses with VNeID" },
    ["D2.3"] = { vi = "Tổng hợp báo cáo hằng ngày gửi TTDLQG, Chủ tịch UBND tỉnh",
                 en = "Daily province report to the National Data Center and the Chairman" },
    ["D3.1"] = { vi = "Bảo đảm hạ tầng kết nối, tích hợp, chia sẻ dữ liệu",
                 en = "Keep the connection, integration and data-sharing infrastructure" },
    ["D3.2"] = { vi = "Đánh giá nguy cơ mất an toàn thông tin, lỗi kết nối, đồng bộ",
                 en = "Assess security, congestion, integration and sync risks" },
    ["D4.1"] = { vi = "Viễn thông Bắc Ninh thường trực hỗ trợ 24/7",
                 en = "VNPT Bắc Ninh 24/7 standing support" },
    ["D5.1"] = { vi = "MobiFone thường trực 24/7, hướng dẫn cán bộ",
                 en = "MobiFone 24/7 resources and training of officials" },
    ["D5.2"] = { vi = "MobiFone tổng hợp, phản ánh khó khăn, vướng mắc",
                 en = "MobiFone collects and reports difficulties" },
    ["D6.1"] = { vi = "Làm đầu mối, phối hợp ngắt chuyển từ 22h00 ngày 29/5/2026",
                 en = "Act as the hub; run the cutover from 22:00 on 29/05/2026" },
    ["D6.2"] = { vi = "Theo dõi vận hành Cổng mới, không gián đoạn tiếp nhận, xử lý",
                 en = "Monitor the new portal: no break in guidance, receiving, processing" },
    ["D6.3"] = { vi = "Bố trí lực lượng thường trực 24/7",
                 en = "Arrange the 24/7 standing force" },
    ["D6.4"] = { vi = "Bảo đảm thủ tục trên hệ thống của tỉnh ổn định, thông suốt",
                 en = "Keep the procedures on the provincial system stable" },
    ["D6.5"] = { vi = "Tổng hợp khó khăn, vướng mắc báo cáo UBND tỉnh, TTDLQG",
                 en = "Report difficulties to the Chairman and the National Data Center" },
    ["D6.6"] = { vi = "Chuẩn bị làm việc với Đoàn khảo sát số 5",
                 en = "Prepare the visit of Survey Delegation no. 5" },
  },
  roles = {
    ["truc-su-co"] = { vi = "Trực ứng phó sự cố", en = "Incident-response desk" },
    ["truc-ho-tro"] = { vi = "Trực hướng dẫn, hỗ trợ xã, phường", en = "Commune support desk" },
    ["truc-ky-thuat"] = { vi = "Trực kỹ thuật (Viễn thông)", en = "Technical desk (VNPT)" },
    ["truc-van-hanh"] = { vi = "Trực vận hành (MobiFone)", en = "Operations desk (MobiFone)" },
    ["truc-thuong-truc"] = { vi = "Lực lượng thường trực tỉnh", en = "Provincial standing force" },
  },
  systems = {
    coordination = { vi = "Hệ thống điều phối", en = "Coordination system" },
    vneid = { vi = "Định danh điện tử VNeID", en = "VNeID electronic identity" },
    payment = { vi = "Thanh toán trực tuyến", en = "Online payment" },
    catalogue = { vi = "Danh mục thủ tục hành chính", en = "Procedure catalogue" },
    sync = { vi = "Đồng bộ trạng thái hồ sơ", en = "Case status sync" },
    connectivity = { vi = "Kết nối, tích hợp", en = "Connection and integration" },
    other = { vi = "Khác", en = "Other" },
  },
  severities = {
    low = { vi = "Thấp", en = "Low" },
    medium = { vi = "Trung bình", en = "Medium" },
    high = { vi = "Cao", en = "High" },
    critical = { vi = "Nghiêm trọng", en = "Critical" },
  },
  kinds = {
    department = { vi = "Sở, ban, ngành", en = "Department" },
    commune = { vi = "Xã", en = "Commune" },
    ward = { vi = "Phường", en = "Ward" },
    ["commune-police"] = { vi = "Công an xã, phường", en = "Commune police" },
    police = { vi = "Công an tỉnh", en = "Provincial police" },
    tax = { vi = "Thuế tỉnh", en = "Provincial tax" },
    telecom = { vi = "Viễn thông", en = "Telecom" },
    office = { vi = "Văn phòng, Trung tâm", en = "Office" },
    national = { vi = "Cơ quan trung ương", en = "National body" },
    ministry = { vi = "Bộ, ngành", en = "Ministry" },
    leadership = { vi = "Lãnh đạo tỉnh", en = "Provincial leadership" },
  },
  -- Evidence fields, by name, wherever a step asks for them.
  fields = {
    name = { vi = "Họ tên", en = "Name" },
    position = { vi = "Chức vụ", en = "Position" },
    phone = { vi = "Số điện thoại", en = "Phone" },
    email = { vi = "Thư điện tử", en = "Email" },
    lead = { vi = "Người phụ trách", en = "Lead" },
    accounts = { vi = "Tệp tài khoản", en = "Accounts file" },
    reviewed = { vi = "Số tài khoản đã rà soát", en = "Accounts reviewed" },
    fixed = { vi = "Số tài khoản đã sửa", en = "Accounts fixed" },
    fees = { vi = "Tệp phí, lệ phí", en = "Fees file" },
    procedures = { vi = "Số thủ tục", en = "Procedures" },
    catalogue = { vi = "Tệp danh mục", en = "Catalogue file" },
    notes = { vi = "Ghi chú", en = "Notes" },
    receiving = { vi = "Tiếp nhận", en = "Receiving" },
    processing = { vi = "Xử lý", en = "Processing" },
    status_sync = { vi = "Đồng bộ trạng thái", en = "Status sync" },
    payment = { vi = "Thanh toán trực tuyến", en = "Online payment" },
    e_results = { vi = "Trả kết quả điện tử", en = "Electronic results" },
    errors = { vi = "Lỗi", en = "Errors" },
    count = { vi = "Số vướng mắc", en = "Difficulties" },
    list = { vi = "Danh sách vướng mắc", en = "List of difficulties" },
    summary = { vi = "Nội dung", en = "Summary" },
    received = { vi = "Số hồ sơ tiếp nhận", en = "Cases received" },
    processed = { vi = "Số hồ sơ đã xử lý", en = "Cases processed" },
    reference = { vi = "Số, ký hiệu văn bản", en = "Document reference" },
    document = { vi = "Văn bản", en = "Document" },
    officers = { vi = "Số cán bộ", en = "Officers" },
    roster = { vi = "Danh sách trực", en = "Duty roster" },
    report = { vi = "Báo cáo", en = "Report" },
    blockers = { vi = "Vướng mắc cần tháo gỡ", en = "Blockers" },
    tested = { vi = "Đã kiểm thử", en = "Tested" },
    log = { vi = "Nhật ký kiểm thử", en = "Test log" },
    assessment = { vi = "Báo cáo đánh giá", en = "Assessment" },
    high_risks = { vi = "Số nguy cơ cao", en = "High risks" },
    mitigations = { vi = "Biện pháp khắc phục", en = "Mitigations" },
    escalations = { vi = "Số vấn đề trình UBND tỉnh", en = "Escalations" },
    connected = { vi = "Đã kết nối", en = "Connected" },
    sync_ok = { vi = "Đồng bộ tốt", en = "Sync working" },
    sessions = { vi = "Số buổi hướng dẫn", en = "Training sessions" },
    trainees = { vi = "Số người được hướng dẫn", en = "Trainees" },
    units_covered = { vi = "Số đơn vị được hướng dẫn", en = "Units trained" },
    materials = { vi = "Tài liệu hướng dẫn", en = "Training materials" },
    form = { vi = "Biểu mẫu", en = "Form" },
    units_reported = { vi = "Số đơn vị đã gửi", en = "Units reported" },
    contacts = { vi = "Danh sách đầu mối", en = "Focal-point list" },
    guidance_ok = { vi = "Hướng dẫn thông suốt", en = "Guidance working" },
    receiving_ok = { vi = "Tiếp nhận thông suốt", en = "Receiving working" },
    processing_ok = { vi = "Xử lý thông suốt", en = "Processing working" },
    checked = { vi = "Số thủ tục đã kiểm tra", en = "Procedures checked" },
    stable = { vi = "Ổn định", en = "Stable" },
    communes = { vi = "Xã, phường được khảo sát", en = "Communes surveyed" },
    participants = { vi = "Thành phần", en = "Participants" },
    difficulties = { vi = "Tổng hợp vướng mắc", en = "Compiled difficulties" },
    recommendations = { vi = "Số kiến nghị", en = "Recommendations" },
    minutes = { vi = "Biên bản", en = "Minutes" },
    decided_by = { vi = "Người quyết định", en = "Decided by" },
    ttdlqg_confirmed = { vi = "TTDLQG đã xác nhận", en = "Confirmed by the National Data Center" },
    units_not_ready = { vi = "Số đơn vị chưa sẵn sàng", en = "Units not ready" },
    completed_at = { vi = "Thời điểm hoàn thành", en = "Completed at" },
    smoke_test = { vi = "Kiểm tra nhanh đạt", en = "Smoke test passed" },
    open_issues = { vi = "Số vướng mắc còn mở", en = "Open difficulties" },
    extend_duty = { vi = "Đề xuất kéo dài trực", en = "Extend the duty period" },
    notice = { vi = "Văn bản hoặc hình thức thông báo", en = "Notice (document or channel)" },
    old_portal_ok = { vi = "Cổng hiện hành hoạt động bình thường", en = "Current portal working normally" },
    new_t0 = { vi = "Thời điểm ngắt chuyển mới", en = "New cutover time" },
    actions = { vi = "Việc phải làm trước thời điểm mới", en = "Actions before the new time" },
  },
}

------------------------------------------------------------------------------
-- The difficulties log (vướng mắc): `cutover issue add` records one, and
-- route() names who receives it, as the letter does:
--   D1.7  a department, Thuế tỉnh, a commune or ward reports "về UBND tỉnh,
--         Bộ chủ quản, Công an tỉnh, MobiFone Bắc Ninh": UBND tỉnh through
--         TTPVHCC (the closing clause: every body reports to TTPVHCC, which
--         compiles); the line ministry for its own centralized systems and
--         catalogue; Công an tỉnh and MobiFone for the portal's functions.
--   D5.2  MobiFone reports to Công an tỉnh and TTDLQG.
--   D6.5  TTPVHCC reports to UBND tỉnh (the Chairman) and TTDLQG.
-- Our choices, where the letter is silent: VNeID goes to Công an tỉnh
-- (D2.2 makes it its task); connectivity goes to VNPT (D4.1) and Sở KH&CN
-- (D3.1); a critical difficulty also goes to the Chairman (D2.3, D3.2).
------------------------------------------------------------------------------
local PORTAL_SYSTEMS = { coordination = true, payment = true, sync = true, other = true }

difficulties {
  -- coordination: Hệ thống điều phối (quantricong.dichvucong.gov.vn);
  -- vneid: đăng ký, đăng nhập, xác thực VNeID; payment: thanh toán trực tuyến;
  -- catalogue: danh mục TTHC, DVC trực tuyến; sync: đồng bộ trạng thái hồ sơ;
  -- connectivity: kết nối, tích hợp giữa hệ thống của tỉnh và Cổng mới.
  systems = { "coordination", "vneid", "payment", "catalogue", "sync", "connectivity", "other" },
  severities = { "low", "medium", "high", "critical" },
  route = function(u, system, severity)
    local to = {}
    local function add(id) to[#to + 1] = id end
    if u.id == MOBIFONE then
      add(CA_TINH); add(TTDLQG)                              -- D5.2
    elseif u.id == TTPVHCC then
      add(CHU_TICH); add(TTDLQG)                             -- D6.5
    else
      add(TTPVHCC)                                           -- closing clause
      if u.kind == "department" or u.kind == "commune" or u.kind == "ward" or u.kind == "tax" then
        if system == "catalogue" then add(BO_CQ) end         -- D1.7
        if PORTAL_SYSTEMS[system] then add(CA_TINH); add(MOBIFONE) end
      end
      if system == "vneid" then add(CA_TINH) end             -- D2.2
      if system == "connectivity" then add(VNPT); add(SO_KHCN) end -- D4.1, D3.1
    end
    if severity == "critical" then add(CHU_TICH) end
    return to
  end,
}

------------------------------------------------------------------------------
-- Part 1 of the letter: "1. Các Sở, ban, ngành; Ủy ban nhân dân các xã,
-- phường" (Thuế tỉnh too, as addressed). Every step is owned by every
-- department, the provincial tax office, every commune and every ward.
------------------------------------------------------------------------------
section { id = "s1", title = "1. Các Sở, ban, ngành; Ủy ban nhân dân các xã, phường" }

step {
  id = "focal-point",
  directive = "D1.1",
  title = "Cử cán bộ đầu mối và gửi thông tin đầu mối về Trung tâm Phục vụ hành chính công tỉnh",
  details = [[
Cử **01 cán bộ đầu mối** để phối hợp xử lý khi có vướng mắc, bảo đảm không gián đoạn
việc tiếp nhận, giải quyết TTHC cho người dân, doanh nghiệp; gửi thông tin theo
hướng dẫn của TTPVHCC tỉnh (bước `focal-guidance`).

**Hoàn thành khi:** đã nhập họ tên, chức vụ, số điện thoại liên lạc được 24/7
(email nếu có). Thời hạn 10h00 ngày 29/5/2026 để TTPVHCC tỉnh kịp tổng hợp trước T0.]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  due = "2026-05-29 10:00",            -- T-12h; the letter gives no hour
  requires = { "focal-guidance" },
  evidence = { name = "text", position = "text", phone = "phone", email = "email?" },
  check = function(ev, ctx)
    local r = {}
    if blank(ev.name) then r[#r + 1] = "chưa ghi họ tên cán bộ đầu mối" end
    if blank(ev.position) then r[#r + 1] = "chưa ghi chức vụ cán bộ đầu mối" end
    return verdict(r)
  end,
}

step {
  id = "incident-desk",
  directive = "D1.2",
  title = "Bố trí cán bộ chuyên trách thường trực 24/7 ứng phó sự cố",
  details = [[
Bố trí cán bộ chuyên trách **thường trực 24/7** trong thời gian ngắt chuyển và những
ngày đầu vận hành chính thức, ứng phó sự cố trong giai đoạn đầu vận hành Cổng Dịch vụ
công quốc gia tại Trung tâm Dữ liệu quốc gia.

**Hoàn thành khi:** có người phụ trách, số điện thoại trực, và các ca trực đã đăng ký
(`cutover roster`) phủ kín khung trực từ T-2h đến hết T+7 ngày; có thể đính kèm lịch trực.]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  due = "T-2h",                         -- start of the duty window
  roster = "truc-su-co",
  evidence = DESK_EVIDENCE,
  check = check_desk,
}

step {
  id = "support-desk",
  directive = "D1.3",
  title = "Bố trí cán bộ chuyên trách thường trực 24/7 hướng dẫn, hỗ trợ các xã, phường "
       .. "sử dụng Hệ thống thông tin giải quyết TTHC tập trung của các bộ, ngành",
  details = [[
Bố trí cán bộ chuyên trách **thường trực 24/7** (cùng khung thời gian với bước
`incident-desk`) hướng dẫn, hỗ trợ các xã, phường sử dụng Hệ thống thông tin giải quyết
TTHC tập trung của các bộ, ngành trong giai đoạn đầu vận hành Cổng mới.

- Sở, ban, ngành, Thuế tỉnh: hỗ trợ các xã, phường đối với các TTHC thuộc lĩnh vực quản lý.
- UBND xã, phường: hỗ trợ cán bộ tiếp nhận, xử lý hồ sơ của TTPVHCC xã, phường.

Có thể dùng cùng một tổ trực với bước `incident-desk`, nhưng phải ghi rõ người phụ trách.]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  due = "T-2h",
  roster = "truc-ho-tro",
  evidence = DESK_EVIDENCE,
  check = check_desk,
}

step {
  id = "account-review",
  directive = "D1.4",
  title = "Rà soát tài khoản, phân quyền cán bộ trên Hệ thống điều phối, Hệ thống thông tin "
       .. "giải quyết TTHC tập trung cấp Bộ, cấp tỉnh và Hệ thống quản trị thanh toán tập trung",
  details = [[
Rà soát việc thiết lập tài khoản, phân quyền cán bộ tham gia tiếp nhận, xử lý, theo dõi
hồ sơ trên:

- Hệ thống điều phối giải quyết TTHC (<https://quantricong.dichvucong.gov.vn>);
- Hệ thống thông tin giải quyết TTHC tập trung cấp Bộ, cấp tỉnh;
- Hệ thống quản trị thanh toán tập trung.

Không để xảy ra: không đăng nhập được qua **VNeID**, thiếu tài khoản, sai đơn vị, thiếu
quyền hoặc phân quyền không đúng chức năng, nhiệm vụ.

**Hoàn thành khi:** đính kèm tệp xuất danh sách tài khoản của đơn vị (`accounts`, CSV),
ghi số tài khoản đã rà soát (`reviewed`, bằng số dòng tài khoản trong tệp) và số đã sửa
(`fixed` ≤ `reviewed`). Tệp CSV (UTF-8, dấu phẩy hoặc chấm phẩy) có các cột:

| cột | nội dung |
| --- | --- |
| `username` (tên đăng nhập) | tên đăng nhập |
| `full_name` (họ và tên) | họ và tên cán bộ |
| `id_number` (số định danh), không bắt buộc | số định danh cá nhân 12 chữ số |
| `unit` (đơn vị) | đơn vị của tài khoản: tên, mã hoặc id của đơn vị ký |
| `position` (chức danh) | chức danh, theo bảng phân quyền |
| `roles` (quyền) | các mã quyền, cách nhau bằng `;` |
| `vneid_linked` (liên kết VNeID) | có / không |
| `last_login` (đăng nhập gần nhất), không bắt buộc | ví dụ 2026-05-28 16:40 |

Kiểm tra tự động, mỗi lỗi ghi số dòng và mã quy tắc: chưa liên kết VNeID (`vneid`), sai
đơn vị (`unit`), thiếu quyền theo chức danh (`role-missing`), giữ quyền không đúng chức
năng, ví dụ công chức một cửa có quyền quản trị (`role-forbidden`), tài khoản hoặc người
trùng (`duplicate`, `duplicate-person`), chức danh bắt buộc chưa có tài khoản
(`position-missing`). Bảng chức danh → quyền: runbooks/lib/datachecks.lua. Chỉ ký bỏ qua
lỗi (`--waive`) khi nêu rõ lý do. Việc rà soát tiếp tục thường xuyên sau T0; lỗi mới phát
sinh báo qua vướng mắc (`cutover issue`).]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  due = "T-4h",
  evidence = { accounts = "file", reviewed = "int", fixed = "int" },
  check = function(ev, ctx)
    local r, info = datachecks.accounts(ev.accounts, ctx.unit)
    if ev.fixed < 0 then r[#r + 1] = "số tài khoản đã sửa (fixed) không được âm" end
    if ev.fixed > ev.reviewed then
      r[#r + 1] = string.format("số tài khoản đã sửa (%d) lớn hơn số đã rà soát (%d)",
                                ev.fixed, ev.reviewed)
    end
    return data_verdict(r, info, ev.reviewed, info and info.rows, "số tài khoản đã rà soát (reviewed)")
  end,
}

step {
  id = "fee-review",
  directive = "D1.5",
  title = "Kiểm tra, cập nhật tài khoản thụ hưởng, mã phí, lệ phí, mức phí, lệ phí, "
       .. "thời gian giải quyết và các nội dung cấu hình khác",
  details = [[
Kiểm tra, rà soát và cập nhật đầy đủ: **tài khoản thụ hưởng**, **mã phí, lệ phí**,
**mức phí, lệ phí**, **thời gian giải quyết** và các cấu hình khác, bảo đảm thanh toán
trực tuyến, tiếp nhận và xử lý hồ sơ được thực hiện đầy đủ, chính xác.

**Hoàn thành khi:** đính kèm bảng phí, lệ phí đã đối chiếu (`fees`, CSV) và ghi số TTHC
đã kiểm tra cấu hình (`procedures`, bằng số mã thủ tục khác nhau trong tệp). Mỗi dòng
là một khoản phí, lệ phí của một thủ tục; các cột:

| cột | nội dung |
| --- | --- |
| `procedure_code` (mã thủ tục) | mã TTHC quốc gia, ví dụ 1.001193 |
| `procedure_name` (tên thủ tục) | tên thủ tục |
| `fee_code` (mã phí, lệ phí) | mã khoản thu; bắt buộc khi mức thu lớn hơn 0 |
| `fee_vnd` (mức phí, lệ phí (đồng)) | số nguyên đồng, viết liền; 0 nếu không thu |
| `beneficiary_account` (tài khoản thụ hưởng) | 6–20 chữ số; bắt buộc khi có thu |
| `bank` (ngân hàng) | ngân hàng, kho bạc của tài khoản; bắt buộc khi có thu |
| `processing_days` (thời gian giải quyết (ngày)) | số ngày, lớn hơn 0 |

Kiểm tra tự động: thiếu hoặc sai tài khoản thụ hưởng (`account`, `bank`), thiếu mã phí
(`fee-code`), mức thu âm hoặc không phải số nguyên (`fee-amount`), thời gian giải quyết
bằng 0 hoặc sai (`processing-time`), mã thủ tục sai (`procedure-code`), dòng trùng
(`duplicate`).]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  due = "T-4h",
  evidence = { fees = "file", procedures = "int" },
  check = function(ev, ctx)
    local r, info = datachecks.fees(ev.fees)
    return data_verdict(r, info, ev.procedures, info and info.procedures,
                        "số TTHC đã kiểm tra (procedures)")
  end,
}

step {
  id = "catalogue-review",
  directive = "D1.6",
  title = "Rà soát danh mục TTHC, dịch vụ công trực tuyến thuộc phạm vi giải quyết "
       .. "trên Cổng Dịch vụ công quốc gia mới",
  details = [[
Chỉ đạo cán bộ, công chức, viên chức tham gia giải quyết hồ sơ rà soát danh mục TTHC,
dịch vụ công trực tuyến thuộc phạm vi giải quyết, bảo đảm không gián đoạn việc thực hiện
TTHC của tổ chức, cá nhân.

**Hoàn thành khi:** đính kèm danh mục đã rà soát (`catalogue`, CSV) và ghi số TTHC trong
danh mục (`procedures`, bằng số dòng của tệp); ghi chú nếu cần (`notes`). Các cột:

| cột | nội dung |
| --- | --- |
| `procedure_code` (mã thủ tục) | mã TTHC quốc gia, ví dụ 1.001193 |
| `procedure_name` (tên thủ tục) | tên thủ tục |
| `service_level` (mức độ), không bắt buộc | toàn trình / một phần |
| `on_new_portal` (có trên Cổng mới) | có / không |
| `fee_vnd` (phí, lệ phí (đồng)) | số nguyên đồng; 0 nếu không thu |
| `online_payment` (thanh toán trực tuyến) | có / không: đã cấu hình thanh toán trực tuyến |

Kiểm tra tự động: thủ tục chưa có trên Cổng mới (`portal`), có phí, lệ phí mà chưa cấu
hình thanh toán trực tuyến (`payment`), thủ tục trùng (`duplicate`), mã thủ tục, mức
thu, mức độ hoặc ô có/không ghi sai (`procedure-code`, `fee-amount`, `level`, `value`).]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  due = "T-4h",
  evidence = { catalogue = "file", procedures = "int", notes = "text?" },
  check = function(ev, ctx)
    local r, info = datachecks.catalogue(ev.catalogue)
    return data_verdict(r, info, ev.procedures, info and info.rows,
                        "số TTHC trong danh mục (procedures)")
  end,
}

step {
  id = "catalogue-followup",
  directive = "D1.6",
  title = "Theo dõi tiếp nhận, xử lý, đồng bộ trạng thái, thanh toán trực tuyến và "
       .. "trả kết quả điện tử lên Cổng Dịch vụ công quốc gia mới",
  details = [[
Sau ngắt chuyển, theo dõi chặt chẽ trên Cổng mới: **tiếp nhận** (`receiving`), **xử lý**
(`processing`), **đồng bộ trạng thái** (`status_sync`), **thanh toán trực tuyến**
(`payment`), **trả kết quả điện tử** (`e_results`); kịp thời phát hiện, phối hợp khắc
phục ngay lỗi phát sinh.

**Hoàn thành khi:** đã kiểm tra thực tế từng chức năng trên hồ sơ phát sinh đầu tiên;
chức năng nào chưa thông suốt thì mô tả lỗi và đơn vị đang phối hợp xử lý (`errors`)
và báo vướng mắc (`cutover issue`).]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  start = "T",
  due = "T+1d 16:00",                   -- 30/05/2026 16:00, with the first daily report
  requires = { "catalogue-review" },
  evidence = {
    receiving = "bool", processing = "bool", status_sync = "bool",
    payment = "bool", e_results = "bool", errors = "text?",
  },
  check = function(ev, ctx)
    local labels = {
      { "receiving", "tiếp nhận" }, { "processing", "xử lý" },
      { "status_sync", "đồng bộ trạng thái" }, { "payment", "thanh toán trực tuyến" },
      { "e_results", "trả kết quả điện tử" },
    }
    local failing = {}
    for _, l in ipairs(labels) do
      if ev[l[1]] ~= true then failing[#failing + 1] = l[2] end
    end
    if #failing > 0 and blank(ev.errors) then
      return nil, "chưa thông suốt (" .. table.concat(failing, ", ")
                  .. "): phải mô tả lỗi và việc khắc phục (errors)"
    end
    return true
  end,
}

step {
  id = "difficulties-first",
  directive = "D1.7",
  title = "Tổng hợp khó khăn, vướng mắc (đợt 1, sau đêm ngắt chuyển) gửi Trung tâm Phục vụ hành chính công tỉnh",
  details = [[
Tổng hợp khó khăn, vướng mắc trong triển khai Hệ thống thông tin giải quyết TTHC tập
trung của bộ, ngành và khi sử dụng các chức năng, tiện ích của Cổng Dịch vụ công quốc
gia. Từng vướng mắc phản ánh ngay khi phát sinh (`cutover issue`); bước này là bản tổng
hợp đợt 1, gửi TTPVHCC tỉnh để tổng hợp, chuyển UBND tỉnh, Bộ chủ quản, Công an tỉnh,
MobiFone Bắc Ninh và để báo cáo Đoàn khảo sát số 5 (sáng 30/5/2026).

**Hoàn thành khi:** ghi số vướng mắc (`count`, có thể là 0) và nêu nội dung nếu có.]],
  owners = part1_owners(),
  report_to = TTPVHCC,                  -- the letter's closing clause: TTPVHCC compiles
  start = "T",
  due = "2026-05-30 07:00",             -- one hour before survey-prep is due
  evidence = DIFFICULTIES_EVIDENCE,
  check = check_difficulties,
}

step {
  id = "difficulties-final",
  directive = "D1.7",
  title = "Tổng hợp khó khăn, vướng mắc cả giai đoạn đầu vận hành chính thức",
  details = [[
Tổng hợp toàn bộ khó khăn, vướng mắc từ T0 đến hết giai đoạn trực 24/7 (đã xử lý và
còn tồn tại), gửi TTPVHCC tỉnh để tổng hợp báo cáo UBND tỉnh, Bộ chủ quản, Công an tỉnh,
MobiFone Bắc Ninh.]],
  owners = part1_owners(),
  report_to = TTPVHCC,
  start = "T+6d",
  due = "T+7d 12:00",                   -- last day of our 24/7 period, before duty-close
  evidence = DIFFICULTIES_EVIDENCE,
  check = check_difficulties,
}

step {
  id = "daily-report",
  directive = "D1.8",
  title = "Báo cáo tình hình hằng ngày trước 16h",
  details = [[
Hằng ngày cung cấp thông tin báo cáo **trước 16h**: sở, ban, ngành (và Thuế tỉnh) gửi
**Công an tỉnh**; UBND xã, phường gửi **Công an xã** của mình.

**Nội dung:** tình hình tiếp nhận, giải quyết hồ sơ trên Cổng mới trong ngày
(`summary`); số hồ sơ tiếp nhận trong ngày (`received`) và số hồ sơ trong số đó đã xử
lý (`processed` ≤ `received`), nếu có.]],
  owners = part1_owners(),
  report_to = function(u)
    if u.kind == "commune" or u.kind == "ward" then return u.police end
    return "cong-an-tinh"
  end,
  every = every_day_before("16:00"),    -- 30/05 … 05/06/2026
  evidence = REPORT_EVIDENCE,
  check = check_report,
}

------------------------------------------------------------------------------
-- Part 2 of the letter: "2. Công an tỉnh".
------------------------------------------------------------------------------
section { id = "s2", title = "2. Công an tỉnh" }

step {
  id = "police-direction",
  directive = "D2.1",
  title = "Chỉ đạo các phòng liên quan, Công an các xã, phường phối hợp với Trung tâm Phục vụ "
       .. "hành chính công tỉnh, xã, phường và MobiFone Bắc Ninh",
  details = [[
Chỉ đạo các phòng liên quan, Công an các xã, phường phối hợp với TTPVHCC tỉnh, TTPVHCC
xã, phường và MobiFone Bắc Ninh thực hiện các nhiệm vụ được giao theo chỉ đạo của Bộ
Công an — trong đó có việc Công an xã tiếp nhận báo cáo hằng ngày của UBND xã, phường
(bước `daily-report`).

**Hoàn thành khi:** ghi số, ngày văn bản (hoặc hình thức) chỉ đạo (`reference`).]],
  owners = units { CA_TINH },
  report_to = TTPVHCC,
  due = "T-6h",                         -- our choice: before the desks open
  evidence = { reference = "text", document = "file?" },
  check = function(ev, ctx)
    if blank(ev.reference) then return nil, "chưa ghi văn bản/hình thức chỉ đạo" end
    return true
  end,
}

step {
  id = "vneid-support",
  directive = "D2.2",
  title = "Bố trí lực lượng hỗ trợ, hướng dẫn người dân, doanh nghiệp đăng ký, đăng nhập, "
       .. "xác thực tài khoản định danh điện tử, sử dụng VNeID cá nhân, VNeID tổ chức",
  details = [[
Bố trí lực lượng phối hợp nắm tình hình, hỗ trợ, hướng dẫn người dân, doanh nghiệp
đăng ký, đăng nhập, xác thực tài khoản định danh điện tử, sử dụng **VNeID cá nhân,
VNeID tổ chức** khi thực hiện dịch vụ công trực tuyến.

**Hoàn thành khi:** có chỉ huy phụ trách, số điện thoại, số cán bộ bố trí (`officers` > 0).]],
  owners = units { CA_TINH },
  report_to = TTPVHCC,
  due = "T-2h",
  evidence = { lead = "text", phone = "phone", officers = "int", roster = "file?" },
  check = function(ev, ctx)
    local r = {}
    if blank(ev.lead) then r[#r + 1] = "chưa ghi người chỉ huy, phụ trách" end
    if ev.officers <= 0 then r[#r + 1] = "số cán bộ bố trí (officers) phải lớn hơn 0" end
    return verdict(r)
  end,
}

step {
  id = "police-daily-ttdlqg",
  directive = "D2.3",
  title = "Tổng hợp báo cáo hằng ngày tình hình triển khai của tỉnh gửi Trung tâm Dữ liệu quốc gia",
  details = [[
Tổng hợp báo cáo hằng ngày của các sở, ban, ngành (gửi Công an tỉnh) và của UBND xã,
phường (gửi Công an xã) thành báo cáo tình hình triển khai của tỉnh, gửi **TTDLQG**
theo yêu cầu (`cutover report daily` nhóm sẵn theo nơi nhận).]],
  owners = units { CA_TINH },
  report_to = TTDLQG,
  -- The letter says "theo yêu cầu" of TTDLQG; 18:00 is our choice: two hours
  -- after the units' 16:00 reports that it compiles.
  every = every_day_before("18:00"),
  evidence = { summary = "text", received = "int?", processed = "int?", report = "file?" },
  check = check_report,
}

step {
  id = "police-daily-chairman",
  directive = "D2.3",
  title = "Báo cáo Chủ tịch UBND tỉnh tình hình triển khai, kịp thời chỉ đạo tháo gỡ khó khăn, vướng mắc",
  details = [[
Đồng thời với báo cáo gửi TTDLQG, báo cáo **Chủ tịch UBND tỉnh** để kịp thời chỉ đạo
tháo gỡ khó khăn, vướng mắc; nêu rõ những vướng mắc cần Chủ tịch chỉ đạo (`blockers`).]],
  owners = units { CA_TINH },
  report_to = CHU_TICH,
  every = every_day_before("18:00"),
  evidence = { summary = "text", blockers = "text?" },
  check = function(ev, ctx)
    if blank(ev.summary) then return nil, "nội dung báo cáo đang trống" end
    return true
  end,
}

------------------------------------------------------------------------------
-- Part 3 of the letter: "3. Sở Khoa học và Công nghệ".
------------------------------------------------------------------------------
section { id = "s3", title = "3. Sở Khoa học và Công nghệ" }

step {
  id = "infra-ready",
  directive = "D3.1",
  title = "Bảo đảm hạ tầng kỹ thuật kết nối, tích hợp, chia sẻ dữ liệu giữa hệ thống của tỉnh "
       .. "với Cổng Dịch vụ công quốc gia mới",
  details = [[
Bảo đảm các điều kiện về hạ tầng kỹ thuật kết nối, tích hợp, chia sẻ dữ liệu giữa hệ
thống của tỉnh với Cổng Dịch vụ công quốc gia mới.

**Hoàn thành khi:** kết nối đã được kiểm thử thông suốt (`tested` = có); có thể đính
kèm biên bản/nhật ký kiểm thử.]],
  owners = units { SO_KHCN },
  report_to = TTPVHCC,
  due = "T-3h",                         -- our choice: before the gate (T-1h)
  evidence = { tested = "bool", log = "file?", notes = "text?" },
  check = function(ev, ctx)
    if ev.tested ~= true then
      return nil, "chưa kiểm thử thông suốt kết nối thì chưa thể xác nhận hoàn thành"
    end
    return true
  end,
}

step {
  id = "risk-assessment",
  directive = "D3.2",
  title = "Phối hợp Công an tỉnh rà soát, đánh giá nguy cơ mất an toàn thông tin, nghẽn kết nối, "
       .. "lỗi tích hợp, lỗi đồng bộ dữ liệu",
  details = [[
Phối hợp Công an tỉnh rà soát, đánh giá nguy cơ: **mất an toàn thông tin**, **nghẽn kết
nối**, **lỗi tích hợp**, **lỗi đồng bộ dữ liệu**.

**Hoàn thành khi:** đính kèm bản đánh giá (`assessment`), ghi số nguy cơ mức cao
(`high_risks`); nếu > 0 thì nêu biện pháp xử lý (`mitigations`).]],
  owners = units { SO_KHCN },
  report_to = CA_TINH,                  -- done jointly with Công an tỉnh
  due = "T-6h",
  evidence = { assessment = "file", high_risks = "int", mitigations = "text?" },
  check = function(ev, ctx)
    local r = {}
    if not file_has_content(ev.assessment) then r[#r + 1] = "tệp đánh giá (assessment) rỗng" end
    if ev.high_risks < 0 then r[#r + 1] = "số nguy cơ mức cao không được âm" end
    if ev.high_risks > 0 and blank(ev.mitigations) then
      r[#r + 1] = "có nguy cơ mức cao: phải nêu biện pháp xử lý (mitigations)"
    end
    return verdict(r)
  end,
}

step {
  id = "technical-escalation",
  directive = "D3.2",
  title = "Phối hợp Công an tỉnh tham mưu UBND tỉnh chỉ đạo xử lý các vấn đề kỹ thuật "
       .. "vượt thẩm quyền của đơn vị vận hành hệ thống",
  details = [[
Trong suốt giai đoạn trực, kịp thời cùng Công an tỉnh tham mưu UBND tỉnh chỉ đạo xử lý
các vấn đề kỹ thuật vượt thẩm quyền của đơn vị vận hành hệ thống. Bước này ghi nhận
kết quả cả giai đoạn: số vấn đề đã tham mưu (`escalations`, có thể là 0) và tóm tắt.]],
  owners = units { SO_KHCN },
  report_to = CHU_TICH,
  start = "T",
  due = "T+7d 12:00",                   -- before duty-close
  evidence = { escalations = "int", summary = "text?" },
  check = function(ev, ctx)
    if ev.escalations < 0 then return nil, "số vấn đề không được âm" end
    if ev.escalations > 0 and blank(ev.summary) then
      return nil, "có vấn đề đã tham mưu: phải tóm tắt (summary)"
    end
    return true
  end,
}

------------------------------------------------------------------------------
-- Part 4 of the letter: "4. Viễn thông Bắc Ninh" (VNPT).
------------------------------------------------------------------------------
section { id = "s4", title = "4. Viễn thông Bắc Ninh" }

step {
  id = "vnpt-desk",
  directive = "D4.1",
  title = "Bố trí lực lượng thường trực hỗ trợ 24/7 ứng phó sự cố kết nối Hệ thống thông tin "
       .. "giải quyết TTHC tỉnh với Cổng Dịch vụ công quốc gia mới",
  details = [[
Bố trí lực lượng thường trực hỗ trợ **24/7** (trong thời gian ngắt chuyển và những ngày
đầu vận hành chính thức) ứng phó sự cố kết nối giữa Hệ thống thông tin giải quyết TTHC
tỉnh với Cổng Dịch vụ công quốc gia mới tại TTDLQG, và các Hệ thống thông tin giải quyết
TTHC tập trung của bộ, ngành do Viễn thông Bắc Ninh triển khai tại địa phương.]],
  owners = units { VNPT },
  report_to = TTPVHCC,
  due = "T-2h",
  roster = "truc-ky-thuat",
  evidence = DESK_EVIDENCE,
  check = check_desk,
}

step {
  id = "vnpt-connection-check",
  directive = "D4.1",
  title = "Kiểm tra kết nối Hệ thống thông tin giải quyết TTHC tỉnh với Cổng mới sau ngắt chuyển",
  details = [[
Ngay sau ngắt chuyển, kiểm tra kết nối, đồng bộ hồ sơ giữa Hệ thống thông tin giải quyết
TTHC tỉnh và Cổng mới (`connected`, `sync_ok`); nếu chưa đạt, mô tả lỗi và hướng xử lý
(`notes`) và báo vướng mắc.]],
  owners = units { VNPT },
  report_to = TTPVHCC,
  start = "T",
  due = "T+3h",
  requires = { "cutover-execute" },
  evidence = { connected = "bool", sync_ok = "bool", notes = "text?" },
  check = function(ev, ctx)
    if (ev.connected ~= true or ev.sync_ok ~= true) and blank(ev.notes) then
      return nil, "kết nối/đồng bộ chưa đạt: phải mô tả lỗi và hướng xử lý (notes)"
    end
    return true
  end,
}

------------------------------------------------------------------------------
-- Part 5 of the letter: "5. Mobifone Bắc Ninh".
------------------------------------------------------------------------------
section { id = "s5", title = "5. Mobifone Bắc Ninh" }

step {
  id = "mobifone-desk",
  directive = "D5.1",
  title = "Bố trí nguồn lực thường trực 24/7 trong giai đoạn đầu vận hành",
  details = [[
Bố trí nguồn lực thường trực **24/7** trong giai đoạn đầu vận hành Cổng Dịch vụ công
quốc gia mới, theo hướng dẫn, yêu cầu của TTDLQG – Bộ Công an.]],
  owners = units { MOBIFONE },
  report_to = TTPVHCC,
  due = "T-2h",
  roster = "truc-van-hanh",
  evidence = DESK_EVIDENCE,
  check = check_desk,
}

step {
  id = "mobifone-training",
  directive = "D5.1",
  title = "Hướng dẫn cán bộ, công chức, viên chức các sở, ban, ngành, UBND các xã, phường sử dụng "
       .. "Cổng Dịch vụ công quốc gia mới, Hệ thống điều phối giải quyết TTHC",
  details = [[
Hướng dẫn cán bộ, công chức, viên chức các sở, ban, ngành, UBND các xã, phường sử dụng
Cổng Dịch vụ công quốc gia mới và Hệ thống điều phối giải quyết TTHC phục vụ cán bộ tiếp
nhận trực tiếp, theo hướng dẫn, yêu cầu của TTDLQG – Bộ Công an.

**Hoàn thành khi:** ghi số buổi hướng dẫn (`sessions` > 0), số lượt cán bộ tham dự
(`trainees` > 0), số đơn vị được hướng dẫn (`units_covered`); có thể dẫn link tài liệu.]],
  owners = units { MOBIFONE },
  report_to = TTPVHCC,
  start = "T-1d",
  due = "T+3d 17:00",                   -- 01/06/2026 (Monday), our choice
  evidence = { sessions = "int", trainees = "int", units_covered = "int", materials = "url?" },
  check = function(ev, ctx)
    local r = {}
    if ev.sessions <= 0 then r[#r + 1] = "số buổi hướng dẫn (sessions) phải lớn hơn 0" end
    if ev.trainees <= 0 then r[#r + 1] = "số lượt cán bộ tham dự (trainees) phải lớn hơn 0" end
    if ev.units_covered <= 0 then r[#r + 1] = "số đơn vị được hướng dẫn (units_covered) phải lớn hơn 0" end
    return verdict(r)
  end,
}

step {
  id = "mobifone-difficulties-police",
  directive = "D5.2",
  title = "Tổng hợp khó khăn, vướng mắc phản ánh về Công an tỉnh",
  details = [[
Tổng hợp khó khăn, vướng mắc trong triển khai Hệ thống thông tin giải quyết TTHC tập
trung của bộ, ngành và khi sử dụng các chức năng, tiện ích của Cổng Dịch vụ công quốc
gia; phản ánh về **Công an tỉnh** hằng ngày, kịp trước khi Công an tỉnh tổng hợp báo cáo
TTDLQG (18h).]],
  owners = units { MOBIFONE },
  report_to = CA_TINH,
  every = every_day_before("17:00"),
  evidence = DIFFICULTIES_EVIDENCE,
  check = check_difficulties,
}

step {
  id = "mobifone-difficulties-ttdlqg",
  directive = "D5.2",
  title = "Tổng hợp khó khăn, vướng mắc phản ánh về Trung tâm Dữ liệu quốc gia – Bộ Công an",
  details = [[
Cùng nội dung với bước `mobifone-difficulties-police`, phản ánh về **TTDLQG – Bộ Công
an** để được hướng dẫn xử lý.]],
  owners = units { MOBIFONE },
  report_to = TTDLQG,
  every = every_day_before("17:00"),
  evidence = DIFFICULTIES_EVIDENCE,
  check = check_difficulties,
}

------------------------------------------------------------------------------
-- Part 6 of the letter: "6. Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ
-- hành chính công)". Owner of every step: TTPVHCC tỉnh.
------------------------------------------------------------------------------
section { id = "s6", title = "6. Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công)" }

step {
  id = "focal-guidance",
  directive = "D6.1",
  title = "Hướng dẫn các cơ quan, đơn vị cử và gửi thông tin cán bộ đầu mối",
  details = [[
Làm đầu mối hướng dẫn các cơ quan, đơn vị gửi thông tin cán bộ đầu mối (họ tên, chức vụ,
điện thoại, email) và cách đăng ký ca trực 24/7.

**Hoàn thành khi:** đã gửi hướng dẫn; ghi số/kênh văn bản hướng dẫn (`reference`).]],
  owners = units { TTPVHCC },
  due = "2026-05-29 08:00",             -- our choice: before focal-point (10:00)
  evidence = { reference = "text", form = "url?" },
  check = function(ev, ctx)
    if blank(ev.reference) then return nil, "chưa ghi văn bản/kênh hướng dẫn" end
    return true
  end,
}

step {
  id = "focal-compile",
  directive = "D6.1",
  title = "Tổng hợp thông tin cán bộ đầu mối của các cơ quan, đơn vị",
  details = [[
Tổng hợp danh sách cán bộ đầu mối (`cutover report contacts`), gửi TTDLQG và Tổng công
ty Viễn thông MobiFone để phối hợp ngắt chuyển.]],
  owners = units { TTPVHCC },
  report_to = TTDLQG,
  due = "T-10h",                        -- 29/05/2026 12:00
  requires = { "focal-point" },
  evidence = { units_reported = "int", contacts = "file?" },
  check = function(ev, ctx)
    if ev.units_reported <= 0 then return nil, "số đơn vị đã gửi đầu mối phải lớn hơn 0" end
    return true
  end,
}

step {
  id = "operation-monitoring",
  directive = "D6.2",
  title = "Chủ trì theo dõi, nắm bắt việc vận hành Cổng Dịch vụ công quốc gia mới, không để "
       .. "gián đoạn việc hướng dẫn, tiếp nhận, xử lý hồ sơ",
  details = [[
Chủ trì, phối hợp với các sở, ban, ngành, UBND các xã, phường theo dõi, nắm bắt việc vận
hành Cổng mới, bảo đảm cán bộ, công chức, viên chức và người dân, doanh nghiệp chuyển
đổi, sử dụng hệ thống không gián đoạn việc **hướng dẫn**, **tiếp nhận**, **xử lý** hồ sơ.

Mỗi ngày trước 12h: xác nhận ba nội dung trên thông suốt; nếu không, nêu đơn vị, nội
dung gián đoạn và việc xử lý (`notes`).]],
  owners = units { TTPVHCC },
  every = every_day_before("12:00"),    -- our choice: a midday check each day
  evidence = { guidance_ok = "bool", receiving_ok = "bool", processing_ok = "bool", notes = "text?" },
  check = function(ev, ctx)
    if (ev.guidance_ok ~= true or ev.receiving_ok ~= true or ev.processing_ok ~= true)
       and blank(ev.notes) then
      return nil, "có nội dung gián đoạn: phải nêu đơn vị, nội dung và việc xử lý (notes)"
    end
    return true
  end,
}

step {
  id = "standing-force",
  directive = "D6.3",
  title = "Chủ trì, phối hợp Viễn thông Bắc Ninh, MobiFone Bắc Ninh bố trí lực lượng thường trực 24/7",
  details = [[
Chủ trì, phối hợp với Viễn thông Bắc Ninh, MobiFone Bắc Ninh bố trí lực lượng thường
trực **24/7** (trong thời gian ngắt chuyển và những ngày đầu vận hành chính thức) tổ
chức triển khai chuyển đổi Cổng mới.

**Hoàn thành khi:** lịch trực chung của tỉnh (`roster`) phủ kín khung trực; không còn
khoảng trống trong báo cáo phủ ca trực.]],
  owners = units { TTPVHCC },
  report_to = CHU_TICH,
  due = "T-2h",
  requires = { "vnpt-desk", "mobifone-desk" },
  roster = "truc-thuong-truc",
  evidence = DESK_EVIDENCE,
  check = check_desk,
}

step {
  id = "procedures-stable",
  directive = "D6.4",
  title = "Bảo đảm các thủ tục triển khai trên Hệ thống thông tin giải quyết TTHC của tỉnh ổn định, thông suốt",
  details = [[
Trước ngắt chuyển: kiểm tra các TTHC triển khai trên Hệ thống thông tin giải quyết TTHC
của tỉnh (`checked` > 0), số TTHC có lỗi (`errors`); nếu có lỗi, nêu cách xử lý.]],
  owners = units { TTPVHCC },
  due = "T-3h",
  evidence = { checked = "int", errors = "int", notes = "text?" },
  check = function(ev, ctx)
    local r = {}
    if ev.checked <= 0 then r[#r + 1] = "số TTHC đã kiểm tra (checked) phải lớn hơn 0" end
    if ev.errors < 0 or ev.errors > ev.checked then
      r[#r + 1] = "số TTHC có lỗi (errors) phải từ 0 đến số đã kiểm tra"
    end
    if ev.errors > 0 and blank(ev.notes) then r[#r + 1] = "có lỗi: phải nêu cách xử lý (notes)" end
    return verdict(r)
  end,
}

step {
  id = "procedures-stable-after",
  directive = "D6.4",
  title = "Kiểm tra Hệ thống thông tin giải quyết TTHC của tỉnh ổn định, thông suốt sau ngắt chuyển",
  details = [[
Sáng ngày làm việc đầu tiên sau ngắt chuyển: xác nhận Hệ thống thông tin giải quyết TTHC
của tỉnh hoạt động ổn định, thông suốt với Cổng mới (`stable`); nếu chưa, nêu lỗi và
việc xử lý.]],
  owners = units { TTPVHCC },
  start = "T",
  due = "2026-05-30 07:30",             -- before the survey preparation is due
  requires = { "vnpt-connection-check" },
  evidence = { stable = "bool", notes = "text?" },
  check = function(ev, ctx)
    if ev.stable ~= true and blank(ev.notes) then
      return nil, "hệ thống chưa ổn định: phải nêu lỗi và việc xử lý (notes)"
    end
    return true
  end,
}

step {
  id = "difficulties-chairman",
  directive = "D6.5",
  title = "Tổng hợp khó khăn, vướng mắc trong vận hành, sử dụng Cổng mới báo cáo UBND tỉnh",
  details = [[
Kịp thời tổng hợp khó khăn, vướng mắc trong vận hành và sử dụng Cổng Dịch vụ công quốc
gia mới, các hệ thống phân hệ của Cổng (từ các đơn vị và `cutover issue`), báo cáo
**Chủ tịch UBND tỉnh** hằng ngày.]],
  owners = units { TTPVHCC },
  report_to = CHU_TICH,
  every = every_day_before("17:00"),    -- our choice: after the units' 16:00 reports
  evidence = DIFFICULTIES_EVIDENCE,
  check = check_difficulties,
}

step {
  id = "difficulties-ttdlqg",
  directive = "D6.5",
  title = "Tổng hợp khó khăn, vướng mắc trong vận hành, sử dụng Cổng mới báo cáo Trung tâm Dữ liệu quốc gia – Bộ Công an",
  details = [[
Cùng nội dung với bước `difficulties-chairman`, báo cáo **TTDLQG – Bộ Công an**; các
vướng mắc thuộc hệ thống của bộ, ngành chuyển thêm Bộ chủ quản (bước `difficulties-ministry`).]],
  owners = units { TTPVHCC },
  report_to = TTDLQG,
  every = every_day_before("17:00"),
  evidence = DIFFICULTIES_EVIDENCE,
  check = check_difficulties,
}

step {
  id = "difficulties-ministry",
  directive = "D1.7",
  title = "Chuyển khó khăn, vướng mắc về Hệ thống thông tin giải quyết TTHC tập trung của bộ, ngành tới Bộ chủ quản",
  details = [[
Các đơn vị gửi vướng mắc về TTPVHCC tỉnh (bước `difficulties-first`, `cutover issue`);
TTPVHCC tỉnh chuyển những vướng mắc thuộc Hệ thống thông tin giải quyết TTHC tập trung
của bộ, ngành tới **Bộ chủ quản** để được hướng dẫn xử lý (theo phần 1 của Công văn,
phản ánh về UBND tỉnh, Bộ chủ quản, Công an tỉnh, MobiFone Bắc Ninh).]],
  owners = units { TTPVHCC },
  report_to = BO_CQ,
  every = every_day_before("17:00"),
  evidence = DIFFICULTIES_EVIDENCE,
  check = check_difficulties,
}

step {
  id = "survey-prep",
  directive = "D6.6",
  title = "Chuẩn bị các điều kiện đón, làm việc với Đoàn khảo sát số 5 của Trung tâm Dữ liệu quốc gia ngày 30/5/2026",
  details = [[
Đoàn khảo sát số 5 của TTDLQG khảo sát trực tiếp tại **TTPVHCC tỉnh và 02 xã, phường**
ngày 30/5/2026. Chuẩn bị và ghi:

- 02 xã, phường được khảo sát (`communes`): **mã đơn vị** của hai xã, phường khác nhau
  trong danh sách đơn vị, cách nhau bằng dấu phẩy, ví dụ `dai-son, son-dong`
  (xem `cutover plan --unit ...`); hai đơn vị đã được thông báo;
- thành phần làm việc (`participants`): họ tên, chức vụ, đơn vị của từng người, cách
  nhau bằng dấu chấm phẩy; có đại diện TTPVHCC tỉnh và của từng xã, phường được khảo sát
  (ít nhất 03 người);
- nội dung báo cáo Đoàn (`report`, tệp) — có thể dùng `cutover report readiness`;
- tổng hợp khó khăn, vướng mắc, kiến nghị để Đoàn ghi nhận (`difficulties`, tệp): đính
  kèm kết quả của lệnh `cutover issue list --format md` (các vướng mắc các đơn vị đã phản
  ánh, gồm bản tổng hợp đợt 1 của bước `difficulties-first`, 07h00 ngày 30/5), bổ sung
  kiến nghị nếu có.]],
  owners = units { TTPVHCC },
  report_to = TTDLQG,
  due = "2026-05-30 08:00",
  evidence = { communes = "text", participants = "text", report = "file", difficulties = "file" },
  check = function(ev, ctx)
    local r = {}
    -- The two communes/wards: unit ids of the registry, distinct, of kind
    -- commune or ward (the letter: "trực tiếp tại ... 02 xã, phường").
    local seen, chosen = {}, 0
    for id in tostring(ev.communes or ""):gmatch("[^,;%s]+") do
      local u = unit(id)
      if not u then
        r[#r + 1] = "[survey-units] '" .. id .. "' không phải mã đơn vị trong danh sách đơn vị"
      elseif u.kind ~= "commune" and u.kind ~= "ward" then
        r[#r + 1] = "[survey-units] " .. id .. " (" .. u.name .. ") không phải xã, phường"
      elseif seen[id] then
        r[#r + 1] = "[survey-units] " .. id .. " (" .. u.name .. ") được ghi hai lần"
      else
        seen[id] = true
        chosen = chosen + 1
      end
    end
    if chosen ~= 2 then
      r[#r + 1] = string.format(
        "[survey-units] phải chọn đúng 02 xã, phường khác nhau (mã đơn vị, cách nhau bằng dấu phẩy); đã ghi %d", chosen)
    end
    local people = 0
    for part in tostring(ev.participants or ""):gmatch("[^;\n]+") do
      if not blank(part) then people = people + 1 end
    end
    if people < 3 then
      r[#r + 1] = "[participants] thành phần làm việc phải có đại diện TTPVHCC tỉnh và 02 xã, phường "
               .. "(ít nhất 03 người, cách nhau bằng dấu chấm phẩy)"
    end
    if not file_has_content(ev.report) then r[#r + 1] = "[report] tệp báo cáo (report) rỗng" end
    if not file_has_content(ev.difficulties) then
      r[#r + 1] = "[difficulties] tệp tổng hợp vướng mắc, kiến nghị (difficulties) rỗng: "
               .. "đính kèm kết quả của cutover issue list --format md"
    end
    return verdict(r)
  end,
}

step {
  id = "survey-meeting",
  directive = "D6.6",
  title = "Làm việc với Đoàn khảo sát số 5; ghi nhận khó khăn, vướng mắc, kiến nghị để phối hợp xử lý",
  details = [[
Làm việc với Đoàn tại TTPVHCC tỉnh và 02 xã, phường đã chọn ở bước `survey-prep`; ghi kết
quả làm việc (`summary`), số kiến nghị Đoàn tiếp nhận (`recommendations`, có thể là 0) và,
khi có kiến nghị, đính kèm biên bản làm việc ghi rõ từng kiến nghị (`minutes`); báo cáo
Chủ tịch UBND tỉnh. Kiến nghị cần xử lý tiếp được ghi thành vướng mắc (`cutover issue`)
để theo dõi đến khi giải quyết xong.]],
  owners = units { TTPVHCC },
  report_to = CHU_TICH,
  start = "2026-05-30 08:00",
  due = "2026-05-30 18:00",
  requires = { "survey-prep" },
  evidence = { summary = "text", recommendations = "int", minutes = "file?" },
  check = function(ev, ctx)
    local r = {}
    if blank(ev.summary) then r[#r + 1] = "chưa ghi kết quả làm việc (summary)" end
    if ev.recommendations < 0 then r[#r + 1] = "số kiến nghị không được âm" end
    if ev.recommendations > 0 and not file_has_content(ev.minutes) then
      r[#r + 1] = "có kiến nghị: phải đính kèm biên bản làm việc (minutes)"
    end
    return verdict(r)
  end,
}

------------------------------------------------------------------------------
-- Not a numbered part: the go/no-go decision and the cutover itself, which
-- part 6 ("phối hợp với TTDLQG, Tổng công ty Viễn thông MobiFone thực hiện
-- ngắt chuyển ... từ 22 giờ 00 phút ngày 29/5/2026") puts on TTPVHCC tỉnh,
-- and the close of the 24/7 period.
------------------------------------------------------------------------------
section { id = "s7", title = "Go/no-go, ngắt chuyển và kết thúc trực 24/7" }

step {
  id = "go-no-go",
  directive = "D6.1",
  gate = true,
  title = "Quyết định ngắt chuyển (go/no-go) lúc 21h00 ngày 29/5/2026",
  details = [[
TTPVHCC tỉnh xác nhận đủ điều kiện ngắt chuyển và báo TTDLQG (đồng gửi Tổng công ty
Viễn thông MobiFone). Điều kiện: các đơn vị đã cử đầu mối, tổ trực 24/7 đã sẵn sàng, đã
rà soát tài khoản, phân quyền, cấu hình phí, lệ phí và danh mục TTHC; hạ tầng kết nối đã
kiểm thử; lực lượng 24/7 của tỉnh (VNPT, MobiFone) đã bố trí.

**Quyết định** (`cutover gate decide`, hoặc phím `d` trong `cutover step`): **GO** khi TTDLQG
đã xác nhận khung giờ ngắt chuyển (`ttdlqg_confirmed`); nếu còn đơn vị chưa sẵn sàng
(`units_not_ready` > 0, ví dụ nhiệm vụ được bỏ qua có lý do), phải nêu tên và biện pháp
(`notes`), hoặc quyết định **GO có điều kiện** và ghi rõ điều kiện. Không đủ điều kiện:
**NO-GO** kèm lý do: các bước sau điểm quyết định tiếp tục chờ, phương án dự phòng
(`nogo-notify`, `nogo-replan`) được kích hoạt. Khi đã khắc phục, quyết định lại.]],
  owners = units { TTPVHCC },
  report_to = TTDLQG,
  due = "T-1h",
  requires = {
    "focal-point", "focal-compile",
    "incident-desk", "support-desk",
    "account-review", "fee-review", "catalogue-review",
    "infra-ready", "risk-assessment",
    "standing-force", "procedures-stable",
  },
  evidence = { decided_by = "text", ttdlqg_confirmed = "bool", units_not_ready = "int", notes = "text?" },
  check = function(ev, ctx)
    local r = {}
    if blank(ev.decided_by) then r[#r + 1] = "chưa ghi người quyết định (decided_by)" end
    if ev.ttdlqg_confirmed ~= true then
      r[#r + 1] = "TTDLQG chưa xác nhận khung giờ ngắt chuyển: chưa thể GO"
    end
    if ev.units_not_ready < 0 then r[#r + 1] = "số đơn vị chưa sẵn sàng không được âm" end
    if ev.units_not_ready > 0 and blank(ev.notes) then
      r[#r + 1] = "còn đơn vị chưa sẵn sàng: phải nêu tên và biện pháp (notes)"
    end
    return verdict(r)
  end,
}

-- The gate's fallback path: what a NO-GO sets going (our choice: the
-- letter says nothing of a postponement).  These steps apply only after a
-- no-go of go-no-go; until then they are in the plan, not in the run's
-- counts, lists or reports.
step {
  id = "nogo-notify",
  directive = "D6.1",
  fallback = "go-no-go",
  title = "NO-GO: báo ngay TTDLQG, Tổng công ty Viễn thông MobiFone và các đơn vị hoãn ngắt chuyển; "
       .. "tiếp tục vận hành Cổng Dịch vụ công quốc gia hiện hành",
  details = [[
Ngay sau quyết định NO-GO: báo TTDLQG (đồng gửi Tổng công ty Viễn thông MobiFone) hoãn ngắt
chuyển; thông báo các sở, ngành, UBND xã, phường tiếp tục tiếp nhận, xử lý hồ sơ trên Cổng
hiện hành. **Hoàn thành khi:** ghi số, ngày văn bản hoặc hình thức thông báo (`notice`) và
xác nhận Cổng hiện hành vẫn hoạt động bình thường (`old_portal_ok`).]],
  owners = units { TTPVHCC },
  report_to = TTDLQG,
  due = "T",                            -- before the planned cutover instant
  evidence = { notice = "text", old_portal_ok = "bool", notes = "text?" },
}

step {
  id = "nogo-replan",
  directive = "D6.1",
  fallback = "go-no-go",
  title = "NO-GO: khắc phục các điều kiện chưa đạt, đề xuất thời điểm ngắt chuyển mới, "
       .. "báo cáo Chủ tịch UBND tỉnh",
  details = [[
Rà soát các điều kiện chưa đạt nêu trong lý do NO-GO, giao đơn vị khắc phục, thống nhất với
TTDLQG thời điểm ngắt chuyển mới (`new_t0`) và báo cáo Chủ tịch UBND tỉnh (`actions`: việc
phải làm trước thời điểm mới). Runbook được cập nhật với T0 mới và phê duyệt lại trước khi
chạy tiếp.]],
  owners = units { TTPVHCC },
  report_to = CHU_TICH,
  due = "T+1d",                         -- our choice: the next working day
  requires = { "nogo-notify" },
  evidence = { new_t0 = "text", actions = "text" },
}

step {
  id = "cutover-execute",
  directive = "D6.1",
  title = "Phối hợp TTDLQG, Tổng công ty Viễn thông MobiFone ngắt chuyển, vận hành chính thức "
       .. "Cổng Dịch vụ công quốc gia tại TTDLQG từ 22h00 ngày 29/5/2026",
  details = [[
Từ 22h00 ngày 29/5/2026 phối hợp TTDLQG, Tổng công ty Viễn thông MobiFone thực hiện ngắt
chuyển. **Hoàn thành khi:** ghi giờ hoàn tất ngắt chuyển (`completed_at`, HH:MM) và kết
quả kiểm tra nhanh trên Cổng mới (đăng nhập VNeID, nộp thử, đồng bộ trạng thái) của tỉnh
(`smoke_test`); nếu chưa đạt, nêu lỗi (`notes`) và báo vướng mắc.]],
  owners = units { TTPVHCC },
  report_to = TTDLQG,
  start = "T",
  due = "T+2h",
  requires = { "go-no-go" },
  evidence = { completed_at = "text", smoke_test = "bool", notes = "text?" },
  check = function(ev, ctx)
    local r = {}
    local h, m = tostring(ev.completed_at or ""):match("^%s*(%d%d?)[:hH](%d%d)%s*$")
    if not h or tonumber(h) > 23 or tonumber(m) > 59 then
      r[#r + 1] = "giờ hoàn tất (completed_at) phải có dạng HH:MM"
    end
    if ev.smoke_test ~= true and blank(ev.notes) then
      r[#r + 1] = "kiểm tra nhanh chưa đạt: phải nêu lỗi (notes)"
    end
    return verdict(r)
  end,
}

step {
  id = "duty-close",
  directive = "D6.3",
  title = "Kết thúc giai đoạn thường trực 24/7, tổng kết báo cáo Chủ tịch UBND tỉnh",
  details = [[
Hết khung trực (T+7 ngày, tham số của runbook — Công văn không nêu ngày kết thúc):
tổng kết giai đoạn đầu vận hành chính thức từ bản tổng hợp của các đơn vị
(`difficulties-final`), các vướng mắc còn mở, đề xuất kéo dài hay kết thúc trực 24/7.]],
  owners = units { TTPVHCC },
  report_to = CHU_TICH,
  start = "T+6d",
  due = "T+7d",                         -- end of our 24/7 period
  requires = { "difficulties-final", "technical-escalation" },
  evidence = { summary = "text", open_issues = "int", extend_duty = "bool", report = "file?" },
  check = function(ev, ctx)
    local r = {}
    if blank(ev.summary) then r[#r + 1] = "chưa ghi nội dung tổng kết" end
    if ev.open_issues < 0 then r[#r + 1] = "số vướng mắc còn mở không được âm" end
    return verdict(r)
  end,
}
