/**
 * The API load process: GET `path` at a fixed overall rate with a session cookie for `seconds`
 * (autocannon), then prints one JSON line with the latency percentiles and the rate achieved.
 */
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    path: { type: "string", default: "/api/users" },
    cookie: { type: "string" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
  },
});

const result = await autocannon({
  url: `${values.url}${values.path}`,
  headers: { cookie: values.cookie ?? "" },
  overallRate: Number(values.rate),
  duration: Number(values.seconds),
  connections: Number(values.connections),
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    rate: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
