-- Reads. CASE: queue (filtered queue pages) | detail | metrics | fixed
-- (GET / of the minimal server).
package.path = os.getenv("TICKETD_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local case = os.getenv("TICKETD_CASE") or "queue"

local ids, tenants, n
function init(args)
  ids = common.load_ids()
  tenants = common.load_tenants()
  n = 0
end

function request()
  n = n + 1
  if case == "fixed" then
    return wrk.format("GET", "/", common.headers)
  elseif case == "queue" then
    return common.queue_request(n, tenants)
  elseif case == "detail" then
    return wrk.format("GET", "/admin/v1/tickets/" .. ids[(n * 7919) % #ids + 1], common.headers)
  else  -- metrics
    return wrk.format("GET", "/admin/v1/metrics?tenant=" .. tenants[n % #tenants + 1],
                      common.headers)
  end
end

done = common.done
