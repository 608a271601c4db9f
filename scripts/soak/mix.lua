-- The soak test's request mix for wrk: searches (70%), matches (15%),
-- patches of existing synthetic resources (10%) and creates (5%). Writes
-- carry the token from the WEGWIJS_TOKEN environment variable. Every
-- status is counted per thread and summed in done().

local token = os.getenv("WEGWIJS_TOKEN") or ""
local count = tonumber(os.getenv("WEGWIJS_SYNTHETIC") or "1000")

local words = { "psycholoog", "taalles", "huisarts", "juridisch", "werk",
  "школа", "психолог", "житло", "робота", "lawyer", "dutch lessons",
  "childcare", "kinderopvang", "fiets", "volleyball", "безкоштовно",
  "huur", "tandarts", "гаага", "integration" }
local places = { "Utrecht", "Amsterdam", "Гаага", "Rotterdam", "Groningen",
  "Eindhoven", "Zwolle", "Maastricht", "Leiden", "Арнем" }
local categories = { "health", "work", "housing", "education", "language",
  "health.mental_support", "language.dutch_lessons", "work.childcare",
  "rights", "leisure" }
local languages = { "uk", "nl", "en", "ru" }

local function pick(list)
  return list[math.random(#list)]
end

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function search_path()
  local parts = {}
  local r = math.random()
  if r < 0.5 then parts[#parts + 1] = "q=" .. escape(pick(words)) end
  if math.random() < 0.5 then
    parts[#parts + 1] = "place=" .. escape(pick(places))
    if math.random() < 0.5 then parts[#parts + 1] = "radius_km=" .. math.random(5, 50) end
  end
  if math.random() < 0.4 then parts[#parts + 1] = "category=" .. escape(pick(categories)) end
  if math.random() < 0.2 then parts[#parts + 1] = "language=" .. pick(languages) end
  if math.random() < 0.2 then parts[#parts + 1] = "free=true" end
  if math.random() < 0.1 then parts[#parts + 1] = "page=" .. math.random(1, 5) end
  return "/api/v1/search?" .. table.concat(parts, "&")
end

local function household()
  return string.format([[{"home": {"place": "%s"}, "mobility": "public_transport",
 "languages": [{"code": "uk", "level": "native"}], "legal_status": "temporary_protection",
 "has_bsn": true, "members": [{"label": "child", "age": %d, "needs": ["%s"]}],
 "needs": ["%s"], "max_per_need": 3}]], pick(places), math.random(1, 17),
    pick(categories), pick(words))
end

local created = 0

local function new_resource()
  created = created + 1
  local lat = 51.5 + math.random() * 1.6
  local lon = 4.2 + math.random() * 2.4
  return string.format([[{"name": "Soak test %d-%d-%d", "description": {"nl": "Een dienst van de duurtest"},
 "organization": {"name": "Duurtest %d"}, "categories": ["%s"],
 "location": {"kind": "place", "municipality": "Utrecht", "lat": %.5f, "lon": %.5f},
 "languages": ["uk", "nl"], "cost": {"kind": "free"}, "synthetic": true,
 "provenance": {"source": "synthetic: soak test"}}]],
    id, created, math.random(1, 1000000000), math.random(1, 1000000), "health.mental_support", lat, lon)
end

statuses = {}
local counters = {}

function setup(thread)
  thread:set("id", #counters + 1)
  counters[#counters + 1] = thread
end

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
  statuses = {}
end

function request()
  local r = math.random()
  if r < 0.70 then
    return wrk.format("GET", search_path())
  elseif r < 0.85 then
    return wrk.format("POST", "/api/v1/match", { ["Content-Type"] = "application/json" }, household())
  elseif r < 0.95 then
    local path = string.format("/api/v1/resources/syn-1-%d", math.random(0, count - 1))
    local body = string.format([[{"opening_hours": "ma-vr %d:00-17:00"}]], math.random(7, 11))
    return wrk.format("PATCH", path, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token,
    }, body)
  else
    return wrk.format("POST", "/api/v1/resources", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token,
    }, new_resource())
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(counters) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do
      total[code] = (total[code] or 0) + n
    end
  end
  io.write("STATUS")
  for code, n in pairs(total) do
    io.write(string.format(" %d=%d", code, n))
  end
  io.write("\n")
  io.write(string.format("LATENCY_MS p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("REQUESTS %d in %.0f s\n", summary.requests, summary.duration / 1e6))
end
