-- Reads. CASE: queue (filtered queue pages, some with a cursor) | detail |
-- metrics | mixed (70% queue and detail reads, 30% public replies) | fixed
-- (GET / of the minimal server).
package.path = os.getenv("TICKETD_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local case = os.getenv("TICKETD_CASE") or "queue"

local queries = {
  "/admin/v1/tickets?status=open&limit=50",
  "/admin/v1/tickets?status=in_progress&sort=priority&limit=50",
  "/admin/v1/tickets?assignee=agent-%s&limit=50",
  "/admin/v1/tickets?tenant=%s&limit=50",
  "/admin/v1/tickets?breached=true&sort=due&limit=50",
  "/admin/v1/tickets?tenant=%s&status=open&priority=high&limit=50",
  "/admin/v1/tickets?limit=50",
  "/admin/v1/tickets?sort=-updated&limit=50",
}

local ids, tenants, n
function init(args)
  ids = common.load_ids()
  tenants = common.load_tenants()
  n = 0
end

local function queue_request()
  local q = queries[(n % #queries) + 1]
  local arg = q:find("tenant=") and tenants[n % #tenants + 1] or tostring(n % 50)
  return wrk.format("GET", string.format(q, arg), common.headers)
end

local function detail_request()
  return wrk.format("GET", "/admin/v1/tickets/" .. ids[(n * 7919) % #ids + 1], common.headers)
end

function request()
  n = n + 1
  if case == "fixed" then
    return wrk.format("GET", "/", common.headers)
  elseif case == "queue" then
    return queue_request()
  elseif case == "detail" then
    return detail_request()
  elseif case == "metrics" then
    return wrk.format("GET", "/admin/v1/metrics?tenant=" .. tenants[n % #tenants + 1],
                      common.headers)
  else  -- mixed
    local r = n % 10
    if r < 4 then return queue_request() end
    if r < 7 then return detail_request() end
    return wrk.format("POST", "/admin/v1/tickets/" .. ids[(n * 7919) % #ids + 1] .. "/messages",
                      common.headers, '{"body":"A reply in the mixed workload.","internal":false}')
  end
end

done = common.done
