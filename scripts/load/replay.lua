-- wrk script of the HTTP load test (scripts/load.sh): replays the requests
-- of the file named by WEGWIJS_REQUESTS (made by requests.py from the
-- benchmark mix) in turn, each thread from its own offset, and counts the
-- statuses; any status other than 200 is an error in the report.

local requests = {}

local function load(path)
  local list = {}
  for line in io.lines(path) do
    local method, target, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
    if method then
      local headers = {}
      if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
      list[#list + 1] = wrk.format(method, target, headers, body)
    end
  end
  return list
end

local threads = {}
local next_index = 1
statuses = {}

function setup(thread)
  thread:set("offset", #threads * 7)
  threads[#threads + 1] = thread
end

function init(args)
  requests = load(os.getenv("WEGWIJS_REQUESTS"))
  next_index = (offset or 0) % #requests + 1
  statuses = {}
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests_done)
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = status .. ": " .. n end
  table.sort(parts)
  io.write("statuses " .. table.concat(parts, ", ") .. "\n")
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %.0f requests/s\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
