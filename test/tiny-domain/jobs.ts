import { z } from "zod";
import { defineJobsContract, defineJobsDomain, type AnyJobsDomain } from "@ist/jobs";

/**
 * A domain defined outside jobs/src, registered at run time with `[...JOBS_DOMAINS, tinyJobs]`:
 * the proof that a new domain needs its own folder and one line per registry, nothing else.
 */
export const TinyHelloPayload = z.object({ name: z.string().min(1).describe("who to greet") });

export const tinyContract = defineJobsContract({
  queue: "tiny",
  jobs: { hello: { description: "Greet someone", payload: TinyHelloPayload, manual: true } },
  config: z.object({ TINY_GREETING: z.string().min(1).max(20).default("hello").describe("the word the tiny domain greets with") }),
});

export const tinyJobs = defineJobsDomain({
  contract: tinyContract,
  processors: {
    async hello({ payload, env, progress }) {
      await progress(50);
      return { greeting: `${env.TINY_GREETING}, ${payload.name}` };
    },
  },
  schedules: [{ id: "tiny-hello", pattern: "0 12 * * *", tz: "Asia/Shanghai", job: () => ({ name: "hello", payload: { name: "noon" } }) }],
});

/** The same domain as a run-time registration that forgot its processor (the compiler would have refused it). */
export const tinyWithoutProcessor: AnyJobsDomain = { ...tinyJobs, processors: {} };

/** The same domain asking for a service no process provides or can build. */
export const tinyNeedingMailer: AnyJobsDomain = { ...tinyJobs, services: ["mailer"] };
