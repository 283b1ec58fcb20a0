/**
 * Late events for one past day: `ist simulate`'s load events (`LiveEvents`), dated within `day`,
 * posted to the ingest endpoint `rate` a second for `seconds`; then one JSON line with the totals.
 * Every roll-up then rewrites that day, so a dashboard whose window holds it must be recomputed.
 */
import { parseArgs } from "node:util";
import { LiveEvents } from "@ist/warehouse";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    key: { type: "string" },
    day: { type: "string" },
    rate: { type: "string", default: "100" },
    seconds: { type: "string", default: "60" },
    users: { type: "string", default: "1000" },
  },
});

const rate = Number(values.rate);
const seconds = Number(values.seconds);
const dayStart = Date.parse(`${values.day}T00:00:00Z`);
const live = new LiveEvents({ users: Number(values.users), seed: 11 });
const started = Date.now();
let accepted = 0;
let failed = 0;
for (let tick = 0; tick < seconds; tick++) {
  // the day's clock runs through the run, so events keep their order within the day
  const at = dayStart + Math.floor(((tick + 0.5) / seconds) * 86_400_000);
  const events = live.next(rate, at);
  try {
    const res = await fetch(`${values.url}/v1/ingest/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${values.key}` },
      body: JSON.stringify({ events }),
    });
    const body = (await res.json()) as { accepted?: number };
    if (res.status === 202) accepted += body.accepted ?? 0;
    else failed += events.length;
  } catch {
    failed += events.length;
  }
  const wait = started + (tick + 1) * 1000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
console.log(JSON.stringify({ accepted, failed, seconds: (Date.now() - started) / 1000 }));
