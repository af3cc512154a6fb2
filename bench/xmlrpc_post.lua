-- wrk script: POSTs one fixed XML-RPC body (read from the file named by env BODY_FILE) to the
-- path named by env RPC_PATH, and counts non-200 answers and faults as errors.
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.path = os.getenv("RPC_PATH") or "/xmlrpc/2/object"
wrk.body = body
wrk.headers["Content-Type"] = "text/xml"

local faults = 0
response = function(status, headers, resp_body)
  if status ~= 200 or string.find(resp_body, "<fault>", 1, true) then
    faults = faults + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d faults_seen_by_thread0=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, faults))
end
