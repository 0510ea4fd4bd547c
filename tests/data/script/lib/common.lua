-- Helpers shared by runbooks: loaded once through require.
local M = {}

function M.route(u)
  return u.parent
end

M.check_fees = function(ev)
  if not ev.table.text:find("fee") then
    return nil, "no fee column"
  end
  return true
end

return M
