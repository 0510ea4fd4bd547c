-- require may not leave the runbook's folder.
local x = require "../secrets"
