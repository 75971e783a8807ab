-- Durable commands over HTTP. CASE (env TICKETD_CASE): open | reply | assign
-- | status. Each wrk thread works its own slice of the ticket ids, in order,
-- so two connections never race on one ticket's workflow; `status` flips
-- in_progress <-> on_hold (the harness picks in_progress tickets).
package.path = os.getenv("TICKETD_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local case = os.getenv("TICKETD_CASE") or "reply"

setup = common.setup

local tenants, slice, n, cursor, cycle, verified
function init(args)
  slice = common.load_ids_slice()
  tenants = common.load_tenants()
  n = 0
  cursor = 0
  cycle = 0
  -- wrk calls request() once on the first thread's state to check the
  -- script and never sends that request: it must not take a ticket's turn
  -- (`status` would later ask for in_progress on a ticket it never put on
  -- hold: 409).
  verified = (index or 0) ~= 0
end

function request()
  if not verified then
    verified = true
    return wrk.format("GET", "/healthz")
  end
  n = n + 1
  if case == "open" then
    local tenant = tenants[n % #tenants + 1]
    local body = string.format(
      '{"tenant":"%s","requester":{"email":"bench%d@%s.test","name":"Bench"},' ..
      '"subject":"Benchmark ticket %d","description":"Opened by the HTTP benchmark."}',
      tenant, n, tenant, n)
    return wrk.format("POST", "/admin/v1/tickets", common.headers, body)
  end
  cursor = cursor + 1
  if cursor > #slice then
    cursor = 1
    cycle = cycle + 1
  end
  local id = slice[cursor]
  if case == "reply" then
    return wrk.format("POST", "/admin/v1/tickets/" .. id .. "/messages", common.headers,
                      '{"body":"A public reply from the benchmark.","internal":false}')
  elseif case == "assign" then
    return wrk.format("POST", "/admin/v1/tickets/" .. id .. "/assign", common.headers,
                      string.format('{"assignee":"agent-%d"}', (n + cycle) % 50))
  else
    local status = (cycle % 2 == 0) and "on_hold" or "in_progress"
    return wrk.format("POST", "/admin/v1/tickets/" .. id .. "/status", common.headers,
                      '{"status":"' .. status .. '"}')
  end
end

done = common.done
