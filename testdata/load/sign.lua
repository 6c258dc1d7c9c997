-- wrk script: POST one signature request, as a browser front end does.
--   wrk -t2 -c64 -d15s --latency -s testdata/load/sign.lua http://127.0.0.1:4000/
wrk.method = "POST"
wrk.body = '{"meetingNumber":"85823272833","role":0}'
wrk.headers["Content-Type"] = "application/json"

-- Count any answer other than 200 so a refusal cannot pass for speed.
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", bad))
end
