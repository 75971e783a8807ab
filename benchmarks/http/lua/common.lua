-- Shared by the wrk scripts of benchmarks/http/e2e_bench.py: reads the
-- ticket ids and tenant slugs the harness collected (files named by env
-- TICKETD_IDS and TICKETD_TENANTS, one per line), the admin token
-- (TICKETD_TOKEN), and prints a JSON summary line at the end
-- (requests/s, latency percentiles in microseconds, non-2xx answers).
local M = {}

-- The lines of the file named by environment variable `name`.
function M.load_lines(name)
  local lines = {}
  local path = os.getenv(name)
  if path then
    for line in io.lines(path) do
      if #line > 0 then lines[#lines + 1] = line end
    end
  end
  return lines
end

function M.load_ids() return M.load_lines("TICKETD_IDS") end
function M.load_ids_slice()
  -- This wrk thread's share of the ids (setup() gives each thread `index`),
  -- so two threads never work on the same ticket.
  local ids = M.load_ids()
  local count = tonumber(os.getenv("TICKETD_WRK_THREADS") or "2")
  local per = math.floor(#ids / count)
  local slice = {}
  local first = (index or 0) * per
  for i = 1, per do slice[i] = ids[first + i] end
  return slice
end
function M.load_tenants() return M.load_lines("TICKETD_TENANTS") end

M.token = os.getenv("TICKETD_TOKEN") or ""
M.headers = {
  ["Authorization"] = "Bearer " .. M.token,
  ["Content-Type"] = "application/json",
}

-- Numbers each wrk thread (its global `index`), for load_ids_slice.
local started = 0
function M.setup(thread)
  thread:set("index", started)
  started = started + 1
end

-- Queue queries an agent runs: filters, sorts, some per tenant or agent.
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

-- The n-th queue page request.
function M.queue_request(n, tenants)
  local q = queries[(n % #queries) + 1]
  local arg = q:find("tenant=") and tenants[n % #tenants + 1] or tostring(n % 50)
  return wrk.format("GET", string.format(q, arg), M.headers)
end

function M.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  io.write(string.format(
    'WRK_JSON {"requests": %d, "rps": %.1f, "p50_us": %d, "p99_us": %d, "p999_us": %d, ' ..
    '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.requests / seconds, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

return M
