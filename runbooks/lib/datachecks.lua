-- runbooks/lib/datachecks.lua
--
-- Checks of the data files that units attach when they sign the reviews of
-- part 1 of the letter: the account export (D1.4), the fee table (D1.5)
-- and the procedure catalogue (D1.6).  Loaded by the runbook with
--
--   local datachecks = require "lib.datachecks"
--
-- and called from a step's check as datachecks.accounts(ev.accounts, ctx.unit).
-- Each function returns a list of findings (empty when the file is clean)
-- and a summary ({ rows = n, procedures = n }), or nil for the summary
-- when the file could not be read at all (a [csv] or [columns] finding).
--
-- A finding names the CSV line, the row's key and the rule, in Vietnamese
-- with the rule id in ascii so that reviewers can grep and waive by rule:
--
--   dòng 4 (daison.motcua2): [vneid] tài khoản chưa liên kết VNeID
--   [position-missing] không có tài khoản nào cho chức danh bắt buộc: Kế toán
--   [csv] tệp CSV lỗi: accounts.csv:3:1: unterminated quoted field
--
-- The files are CSV as spreadsheets export them (',' or ';', UTF-8 with or
-- without BOM); csv() of the sandbox parses them.  Column headers may be
-- the ascii names or the Vietnamese ones listed in COLUMNS below, in any
-- case and order; other columns are ignored.  Values are trimmed.
--
-- Rules (rule id: what it flags):
--   common      csv: the file cannot be parsed (file:line:column)
--               columns: a required column is missing (no row is checked)
--               empty: the file has a header but no rows
--               blank: a required value is empty
--               duplicate: the same key twice (the first line is named)
--   D1.4        vneid: the account is not linked to VNeID (or the value is unclear)
--   accounts    unit: the account belongs to another unit than the one signing
--               position-unknown: a position the policy below does not know
--               role-missing: a role the position needs is missing (or no role)
--               role-forbidden: a role the position must not hold
--               role-unknown: a role code not in ROLES
--               duplicate-person: the same person (id number, or else the
--                 same name in the same position) holds two accounts
--               id-number: the id number is not 12 digits
--               login: never logged in, or an unreadable last-login time
--               position-missing: a position every unit of its kind must
--                 have has no account
--   D1.5 fees   procedure-code: not a national procedure code (d.dddddd)
--               fee-amount: missing, negative or not a whole number of đồng
--               fee-code: a fee above 0 without a fee code
--               account: a fee above 0 without a beneficiary account, or
--                 an account that is not 6-20 digits (spaces, '.', '-' allowed)
--               bank: a fee above 0 without the bank of the account
--               processing-time: missing, zero, negative or not a number of days
--               duplicate: the same procedure code and fee code twice
--   D1.6        procedure-code, blank, fee-amount, duplicate (procedure code)
--   catalogue   portal: the procedure is not on the new portal
--               payment: a fee above 0 but no online payment set up
--               level: a service level other than toàn trình / một phần
--               value: a yes/no cell that says neither

local M = {}

------------------------------------------------------------------------------
-- Text helpers
------------------------------------------------------------------------------

-- Lowercases ASCII and the Vietnamese capitals (Latin-1, Ă Đ Ĩ Ũ Ơ Ư and
-- the Latin Extended Additional block), which string.lower leaves alone.
local SINGLE_UPPER = { [0x102] = true, [0x110] = true, [0x128] = true,
                       [0x168] = true, [0x1A0] = true, [0x1AF] = true }
local function lower(s)
  if not utf8.len(s) then return s:lower() end
  local out = {}
  for _, c in utf8.codes(s) do
    if c >= 0x41 and c <= 0x5A then
      c = c + 32
    elseif c >= 0xC0 and c <= 0xDE and c ~= 0xD7 then
      c = c + 32
    elseif SINGLE_UPPER[c] then
      c = c + 1
    elseif c >= 0x1EA0 and c <= 0x1EF8 and c % 2 == 0 then
      c = c + 1
    end
    out[#out + 1] = utf8.char(c)
  end
  return table.concat(out)
end
M.lower = lower

local function trim(s)
  return (tostring(s or ""):gsub("^%s+", ""):gsub("%s+$", ""))
end

-- The form in which names are compared: trimmed, spaces collapsed, lowercase.
local function norm(s)
  return lower(trim(s):gsub("%s+", " "))
end
M.norm = norm

local YES = { ["yes"] = true, ["y"] = true, ["x"] = true, ["1"] = true,
              ["true"] = true, ["có"] = true, ["co"] = true,
              ["đã liên kết"] = true, ["da lien ket"] = true }
local NO = { ["no"] = true, ["n"] = true, ["0"] = true, ["false"] = true,
             ["không"] = true, ["khong"] = true, ["chưa"] = true,
             ["chua"] = true, ["chưa liên kết"] = true, [""] = true }

-- true, false, or nil when the cell says neither (an empty cell is "no").
local function yesno(s)
  local n = norm(s)
  if YES[n] then return true end
  if NO[n] then return false end
  return nil
end

-- A whole number of đồng: "15000".  Returns the number, or nil and why.
-- "15.000" and "15,000" are refused: the payment system takes plain digits.
local function amount(s)
  if s == "" then return nil, "thiếu mức phí, lệ phí (ghi 0 nếu không thu)" end
  if s:match("^%-%s*%d") then return nil, "mức phí, lệ phí '" .. s .. "' là số âm" end
  if not s:match("^%d+$") then
    return nil, "mức phí, lệ phí '" .. s .. "' không phải số nguyên đồng (viết liền, không dấu chấm, dấu phẩy)"
  end
  if #s > 15 then return nil, "mức phí, lệ phí '" .. s .. "' quá lớn" end
  return tonumber(s)
end

-- National procedure codes on the portal look like 1.001193 or 2.000908.
local function procedure_code_ok(s)
  return s:match("^%d%.%d%d%d%d%d%d$") ~= nil
end

-- The code and name every row of a fee table or a catalogue needs.
local function check_procedure(v, flag)
  if v.code == "" then
    flag("blank", "thiếu mã thủ tục")
  elseif not procedure_code_ok(v.code) then
    flag("procedure-code", "mã thủ tục '" .. v.code .. "' không đúng dạng mã TTHC quốc gia (ví dụ 1.001193)")
  end
  if v.name == "" then flag("blank", "thiếu tên thủ tục") end
end

------------------------------------------------------------------------------
-- Reading a file
------------------------------------------------------------------------------

-- The columns each file needs: a key, the accepted headers (ascii first,
-- then Vietnamese), and whether it may be absent.
local PROCEDURE_CODE = { key = "code", names = { "procedure_code", "ma_thu_tuc", "mã thủ tục" } }
local PROCEDURE_NAME = { key = "name", names = { "procedure_name", "ten_thu_tuc", "tên thủ tục" } }
M.COLUMNS = {
  accounts = {
    { key = "username", names = { "username", "ten_dang_nhap", "tên đăng nhập" } },
    { key = "full_name", names = { "full_name", "ho_ten", "họ và tên" } },
    { key = "id_number", names = { "id_number", "so_dinh_danh", "số định danh" }, optional = true },
    { key = "unit", names = { "unit", "don_vi", "đơn vị" } },
    { key = "position", names = { "position", "chuc_danh", "chức danh" } },
    { key = "roles", names = { "roles", "quyen", "quyền" } },
    { key = "vneid", names = { "vneid_linked", "lien_ket_vneid", "liên kết vneid" } },
    { key = "last_login", names = { "last_login", "dang_nhap_gan_nhat", "đăng nhập gần nhất" }, optional = true },
  },
  fees = {
    PROCEDURE_CODE, PROCEDURE_NAME,
    { key = "fee_code", names = { "fee_code", "ma_phi", "mã phí, lệ phí" } },
    { key = "fee", names = { "fee_vnd", "muc_phi", "mức phí, lệ phí (đồng)" } },
    { key = "account", names = { "beneficiary_account", "tai_khoan_thu_huong", "tài khoản thụ hưởng" } },
    { key = "bank", names = { "bank", "ngan_hang", "ngân hàng" } },
    { key = "days", names = { "processing_days", "thoi_gian_giai_quyet", "thời gian giải quyết (ngày)" } },
  },
  catalogue = {
    PROCEDURE_CODE, PROCEDURE_NAME,
    { key = "level", names = { "service_level", "muc_do", "mức độ" }, optional = true },
    { key = "portal", names = { "on_new_portal", "tren_cong_moi", "có trên cổng mới" } },
    { key = "fee", names = { "fee_vnd", "phi_le_phi", "phí, lệ phí (đồng)" } },
    { key = "payment", names = { "online_payment", "thanh_toan_truc_tuyen", "thanh toán trực tuyến" } },
  },
}

-- Appends "dòng N (KEY): [rule] message", or "[rule] message" without a row.
local function add(out, row, key, rule, msg)
  local where = ""
  if row then
    where = "dòng " .. row.line
    if key and key ~= "" then where = where .. " (" .. key .. ")" end
    where = where .. ": "
  end
  out[#out + 1] = where .. "[" .. rule .. "] " .. msg
end

-- Parses the attached file and maps its columns.  Returns the rows as
-- { line = n, v = { key = trimmed value } }, or nil after adding the
-- finding that says why the file cannot be checked.
local function read(file, spec, out)
  local t, e = csv(file)
  if not t then
    add(out, nil, nil, "csv", "tệp CSV lỗi: " .. e)
    return nil
  end
  local by_norm = {}
  for _, c in ipairs(t.columns) do by_norm[norm(c)] = c end
  local map, missing = {}, {}
  for _, col in ipairs(spec) do
    for _, name in ipairs(col.names) do
      if by_norm[norm(name)] then map[col.key] = by_norm[norm(name)]; break end
    end
    if not map[col.key] and not col.optional then
      missing[#missing + 1] = "'" .. col.names[1] .. "' (hoặc '" .. col.names[#col.names] .. "')"
    end
  end
  if #missing > 0 then
    add(out, nil, nil, "columns", t.name .. ": thiếu cột " .. table.concat(missing, ", "))
    return nil
  end
  local rows = {}
  for i, r in ipairs(t.rows) do
    local v = {}
    for key, col in pairs(map) do v[key] = trim(r.fields[col]) end
    rows[i] = { line = r.line, v = v }
  end
  if #rows == 0 then add(out, nil, nil, "empty", t.name .. ": tệp không có dòng dữ liệu nào") end
  return rows
end

-- Remembers keys; returns the line where key was first seen, if it was.
local function seen_before(seen, key, line)
  if key == "" then return nil end
  local first = seen[key]
  if not first then seen[key] = line end
  return first
end

------------------------------------------------------------------------------
-- D1.4: accounts and roles
------------------------------------------------------------------------------

-- Role codes on the Coordination System, the centralized procedure systems
-- and the centralized payment administration system.
M.ROLES = {
  tiep_nhan   = "tiếp nhận hồ sơ",
  tra_ket_qua = "trả kết quả",
  xu_ly       = "thẩm định, xử lý hồ sơ",
  phe_duyet   = "phê duyệt, ký duyệt",
  thanh_toan  = "quản trị thanh toán, đối soát",
  theo_doi    = "theo dõi, giám sát",
  quan_tri    = "quản trị hệ thống của đơn vị",
}

-- The policy: for each position, the roles it needs and the roles it must
-- not hold.  The forbidden roles keep duties apart, as the letter's "phân
-- quyền không đúng chức năng, nhiệm vụ" asks: whoever receives a file does
-- not approve it, whoever approves does not administer accounts or money,
-- and the unit's administrator handles no file and no payment.
-- `titles` are the position names accepted in the export (compared with
-- norm(): case and spacing do not matter).
M.POSITIONS = {
  ["lanh-dao"] = {
    label = "Lãnh đạo (Chủ tịch, Phó Chủ tịch UBND; Giám đốc, Phó Giám đốc)",
    titles = { "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã",
               "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường",
               "Giám đốc", "Phó Giám đốc", "Trưởng Thuế tỉnh", "Phó Trưởng Thuế tỉnh" },
    requires = { "phe_duyet" },
    forbids = { "tiep_nhan", "thanh_toan", "quan_tri" },
  },
  ["mot-cua"] = {
    label = "Công chức Bộ phận một cửa",
    titles = { "Công chức một cửa", "Công chức Bộ phận một cửa", "Cán bộ một cửa" },
    requires = { "tiep_nhan", "tra_ket_qua" },
    forbids = { "phe_duyet", "thanh_toan", "quan_tri" },
  },
  ["chuyen-mon"] = {
    label = "Công chức, viên chức chuyên môn",
    titles = { "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính",
               "Công chức Văn hóa - Xã hội", "Công chức Kinh tế",
               "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên" },
    requires = { "xu_ly" },
    forbids = { "phe_duyet", "quan_tri" },
  },
  ["ke-toan"] = {
    label = "Kế toán",
    titles = { "Kế toán", "Kế toán trưởng" },
    requires = { "thanh_toan" },
    forbids = { "tiep_nhan", "phe_duyet", "quan_tri" },
  },
  ["quan-tri"] = {
    label = "Quản trị hệ thống của đơn vị",
    titles = { "Quản trị hệ thống", "Cán bộ quản trị hệ thống" },
    requires = { "quan_tri" },
    forbids = { "tiep_nhan", "xu_ly", "phe_duyet", "thanh_toan" },
  },
}

-- Positions every unit of a kind must have an account for: someone to
-- receive, someone to process, someone to approve, and, where fees are
-- collected at the unit, someone to reconcile payments.
M.REQUIRED_POSITIONS = {
  commune    = { "lanh-dao", "mot-cua", "chuyen-mon", "ke-toan" },
  ward       = { "lanh-dao", "mot-cua", "chuyen-mon", "ke-toan" },
  department = { "lanh-dao", "mot-cua", "chuyen-mon" },
  tax        = { "lanh-dao", "mot-cua", "chuyen-mon" },
}

local POSITION_BY_TITLE = {}
for id, p in pairs(M.POSITIONS) do
  p.id = id
  for _, title in ipairs(p.titles) do POSITION_BY_TITLE[norm(title)] = p end
end

-- The names a unit goes by in an export: its id, its code, its name, with
-- or without "UBND" before it or its kind ("Xã ", "Phường ") in front.
local function unit_matches(value, unit)
  local v = norm(value)
  if v == "" or not unit then return false end
  local name = norm(unit.name or "")
  local bare = name:gsub("^xã ", ""):gsub("^phường ", "")
  local names = { norm(unit.id or ""), norm(unit.code or ""), name, "ubnd " .. name, bare }
  for _, n in ipairs(names) do
    if n ~= "" and v == n then return true end
  end
  return false
end

-- "tiep_nhan; tra_ket_qua" (';', '|', ',' or spaces between codes).
local function parse_roles(s)
  local set, list = {}, {}
  for code in s:gmatch("[^;|,%s]+") do
    code = lower(code)
    if not set[code] then set[code] = true; list[#list + 1] = code end
  end
  return set, list
end

-- "2026-05-28 16:40", "2026-05-28T16:40:00" or "28/05/2026 16:40".
local function login_time_ok(s)
  return s:match("^%d%d%d%d%-%d%d%-%d%d[ T]%d%d:%d%d") ~= nil
      or s:match("^%d%d%d%d%-%d%d%-%d%d$") ~= nil
      or s:match("^%d%d?/%d%d?/%d%d%d%d") ~= nil
end

function M.accounts(file, unit)
  local out = {}
  local rows = read(file, M.COLUMNS.accounts, out)
  if not rows then return out, nil end
  local users, people, have = {}, {}, {}
  for _, r in ipairs(rows) do
    local v = r.v
    local function flag(rule, msg) add(out, r, v.username, rule, msg) end

    if v.username == "" then flag("blank", "thiếu tên đăng nhập") end
    if v.full_name == "" then flag("blank", "thiếu họ tên") end
    local first = seen_before(users, lower(v.username), r.line)
    if first then flag("duplicate", "tên đăng nhập trùng với dòng " .. first) end

    -- The same person twice: by id number when the export has it.
    local id = v.id_number or ""
    if id ~= "" and not id:match("^%d%d%d%d%d%d%d%d%d%d%d%d$") then
      flag("id-number", "số định danh '" .. id .. "' không đủ 12 chữ số")
    end
    local person = id ~= "" and ("id:" .. id)
                   or (v.full_name ~= "" and ("name:" .. norm(v.full_name) .. "|" .. norm(v.position)))
                   or ""
    first = seen_before(people, person, r.line)
    if first then
      flag("duplicate-person", "cùng một người đã có tài khoản ở dòng " .. first)
    end

    if not unit_matches(v.unit, unit) then
      flag("unit", "tài khoản thuộc đơn vị '" .. v.unit .. "', không phải "
                   .. (unit and unit.name or "đơn vị ký xác nhận"))
    end

    local linked = yesno(v.vneid)
    if linked == nil then
      flag("vneid", "giá trị liên kết VNeID '" .. v.vneid .. "' không rõ (ghi có hoặc không)")
    elseif not linked then
      flag("vneid", "tài khoản chưa liên kết VNeID")
    end

    local roles, list = parse_roles(v.roles)
    for _, code in ipairs(list) do
      if not M.ROLES[code] then flag("role-unknown", "quyền '" .. code .. "' không có trong danh mục quyền") end
    end
    local pos = POSITION_BY_TITLE[norm(v.position)]
    if #list == 0 then
      flag("role-missing", "tài khoản chưa được phân quyền")
    end
    if not pos then
      flag("position-unknown", "chức danh '" .. v.position .. "' không có trong bảng phân quyền")
    else
      have[pos.id] = true
      if #list > 0 then
        for _, need in ipairs(pos.requires) do
          if not roles[need] then
            flag("role-missing", v.position .. " cần quyền " .. need .. " (" .. M.ROLES[need] .. ")")
          end
        end
      end
      for _, bad in ipairs(pos.forbids) do
        if roles[bad] then
          flag("role-forbidden", v.position .. " không được giữ quyền " .. bad .. " (" .. M.ROLES[bad] .. ")")
        end
      end
    end

    if v.last_login ~= nil then
      if v.last_login == "" then
        flag("login", "chưa đăng nhập lần nào: đăng nhập thử qua VNeID trước T0")
      elseif not login_time_ok(v.last_login) then
        flag("login", "thời điểm đăng nhập gần nhất '" .. v.last_login .. "' không đọc được")
      end
    end
  end

  for _, id in ipairs(M.REQUIRED_POSITIONS[unit and unit.kind or ""] or {}) do
    if not have[id] then
      add(out, nil, nil, "position-missing",
          "không có tài khoản nào cho chức danh bắt buộc: " .. M.POSITIONS[id].label)
    end
  end
  return out, { rows = #rows }
end

------------------------------------------------------------------------------
-- D1.5: fees, charges and the payment configuration
------------------------------------------------------------------------------

-- Bank and treasury accounts: digits, with spaces, '.' or '-' between groups.
local function account_ok(s)
  if not s:match("^[%d%s%.%-]+$") then return false end
  local digits = #s:gsub("%D", "")
  return digits >= 6 and digits <= 20
end

function M.fees(file)
  local out = {}
  local rows = read(file, M.COLUMNS.fees, out)
  if not rows then return out, nil end
  local keys, codes, nproc = {}, {}, 0
  for _, r in ipairs(rows) do
    local v = r.v
    local function flag(rule, msg) add(out, r, v.code, rule, msg) end

    check_procedure(v, flag)
    if v.code ~= "" and not codes[v.code] then codes[v.code] = true; nproc = nproc + 1 end

    local first = seen_before(keys, v.code .. "|" .. lower(v.fee_code), r.line)
    if first then flag("duplicate", "trùng mã thủ tục và mã phí với dòng " .. first) end

    local fee, why = amount(v.fee)
    if not fee then flag("fee-amount", why) end
    if fee and fee > 0 then
      if v.fee_code == "" then flag("fee-code", "có thu phí, lệ phí nhưng thiếu mã phí, lệ phí") end
      if v.account == "" then
        flag("account", "có thu phí, lệ phí nhưng thiếu tài khoản thụ hưởng")
      end
      if v.bank == "" then flag("bank", "có thu phí, lệ phí nhưng thiếu ngân hàng, kho bạc của tài khoản thụ hưởng") end
    end
    if v.account ~= "" and not account_ok(v.account) then
      flag("account", "tài khoản thụ hưởng '" .. v.account .. "' không hợp lệ (6–20 chữ số)")
    end

    local days = v.days
    if days == "" then
      flag("processing-time", "thiếu thời gian giải quyết")
    elseif not (days:match("^%-?%d+$") or days:match("^%-?%d+%.%d+$")) then
      flag("processing-time", "thời gian giải quyết '" .. days .. "' không phải số ngày")
    elseif tonumber(days) <= 0 then
      flag("processing-time", "thời gian giải quyết bằng " .. days .. " ngày (phải lớn hơn 0)")
    end
  end
  return out, { rows = #rows, procedures = nproc }
end

------------------------------------------------------------------------------
-- D1.6: the catalogue of procedures on the new portal
------------------------------------------------------------------------------

local LEVELS = { ["toàn trình"] = true, ["toan trinh"] = true,
                 ["một phần"] = true, ["mot phan"] = true }

function M.catalogue(file)
  local out = {}
  local rows = read(file, M.COLUMNS.catalogue, out)
  if not rows then return out, nil end
  local codes, nproc = {}, 0
  for _, r in ipairs(rows) do
    local v = r.v
    local function flag(rule, msg) add(out, r, v.code, rule, msg) end

    check_procedure(v, flag)
    local first = seen_before(codes, v.code, r.line)
    if first then flag("duplicate", "thủ tục đã có ở dòng " .. first) end
    if v.code ~= "" and not first then nproc = nproc + 1 end

    if v.level ~= nil and not LEVELS[norm(v.level)] then
      flag("level", "mức độ '" .. v.level .. "' không phải toàn trình hay một phần")
    end

    local on_portal = yesno(v.portal)
    if on_portal == nil then
      flag("value", "cột có trên Cổng mới ghi '" .. v.portal .. "' (phải là có hoặc không)")
    elseif not on_portal then
      flag("portal", "thủ tục chưa có trên Cổng Dịch vụ công quốc gia mới")
    end

    local fee, why = amount(v.fee)
    if not fee then flag("fee-amount", why) end
    local pay = yesno(v.payment)
    if pay == nil then
      flag("value", "cột thanh toán trực tuyến ghi '" .. v.payment .. "' (phải là có hoặc không)")
    elseif fee and fee > 0 and not pay then
      flag("payment", "có phí, lệ phí " .. fee .. " đồng nhưng chưa cấu hình thanh toán trực tuyến")
    end
  end
  return out, { rows = #rows, procedures = nproc }
end

return M
