-- wrk script: POSTs one fixed XML-RPC body (read from the file named by env BODY_FILE) to the
-- path named by env RPC_PATH, and counts non-200 answers and faults as errors, over all threads
-- (each wrk thread has its own Lua state: done() reads their counts through the thread objects).
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.path = os.getenv("RPC_PATH") or "/xmlrpc/2/object"
wrk.body = body
wrk.headers["Content-Type"] = "text/xml"

faults = 0
local threads = {}

setup = function(thread)
  threads[#threads + 1] = thread
end

response = function(status, _, resp_body)
  if status ~= 200 or string.find(resp_body, "<fault>", 1, true) then
    faults = faults + 1
  end
end

done = function(summary, latency, _)
  local all_faults = 0
  for _, thread in ipairs(threads) do
    all_faults = all_faults + thread:get("faults")
  end
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d faults=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, all_faults))
end
