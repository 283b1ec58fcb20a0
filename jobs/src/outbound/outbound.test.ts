import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedIPv4, OutboundError, outboundFetch, refusedAddress, resolveTarget } from "./index";

describe("the outbound address guard", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["0.0.0.0", "this network"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fd00::1", "unique-local"],
    ["fc12:3456::1", "unique-local"],
    ["fe80::1%eth0", "link-local"],
    ["fd00:ec2::254", "unique-local"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", expect.stringContaining("link-local (cloud metadata)")],
    ["64:ff9b::a00:1", "private (inside an IPv6 address)"],
    ["2002:c0a8:101::1", "private (inside an IPv6 address)"],
  ] as const)("refuses %s (%s)", (address, why) => {
    expect(refusedAddress(address)).toEqual(why);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("lets public %s through", (address) => {
    expect(refusedAddress(address)).toBeNull();
  });

  it("finds the IPv4 address inside mapped, compatible, NAT64 and 6to4 IPv6 addresses", () => {
    expect(embeddedIPv4("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(embeddedIPv4("::10.0.0.1")).toBe("10.0.0.1");
    expect(embeddedIPv4("64:ff9b::0a00:0001")).toBe("10.0.0.1");
    expect(embeddedIPv4("2002:0a00:0001::")).toBe("10.0.0.1");
    expect(embeddedIPv4("2606:4700::1111")).toBeNull();
  });

  it.each([
    ["ftp://example.com/", /http and https only/],
    ["http://user:pw@example.com/", /credentials/],
    ["http://localhost:6379/", /localhost is a loopback address/],
    ["http://[::1]:6379/", /::1 is a loopback address/],
    ["http://169.254.169.254/latest/meta-data/", /cloud metadata/],
    ["http://2130706433/", /loopback/], // 127.0.0.1 written as a number
    ["http://0x7f.1/", /loopback/],
    ["not a url", /not a URL/],
  ])("refuses %s after resolution", async (url, message) => {
    await expect(resolveTarget(url, {})).rejects.toThrow(message);
  });

  it("allows a named host an admin listed, and only that name", async () => {
    await expect(resolveTarget("http://localhost:1/", { allowHosts: ["LOCALHOST"] })).resolves.toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
    await expect(resolveTarget("http://127.0.0.1:1/", { allowHosts: ["localhost"] })).rejects.toThrow(/loopback/);
  });
});

describe("outbound calls to real local servers", () => {
  const received: Array<{ url: string; method: string; body: string }> = [];
  let target: Server;
  let redirector: Server;
  let targetPort = 0;
  let redirectPort = 0;
  const body = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let s = "";
    req.on("data", (c) => (s += c));
    req.on("end", () => resolve(s));
  });
  const listen = async (server: Server) => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return (server.address() as AddressInfo).port;
  };

  beforeAll(async () => {
    target = createServer(async (req, res) => {
      received.push({ url: req.url!, method: req.method!, body: await body(req) });
      res.writeHead(req.url === "/secret" ? 401 : 200).end("ok");
    });
    targetPort = await listen(target);
    redirector = createServer(async (req, res) => {
      await body(req);
      const to = new URL(req.url!, "http://x").searchParams.get("to")!;
      res.writeHead(req.url!.startsWith("/308") ? 308 : 302, { location: to }).end();
    });
    redirectPort = await listen(redirector);
  });
  afterAll(async () => {
    await new Promise((r) => target.close(r));
    await new Promise((r) => redirector.close(r));
  });

  it("delivers to an allowed host and reports its status", async () => {
    const res = await outboundFetch(`http://127.0.0.1:${targetPort}/hook`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } }, { allowHosts: ["127.0.0.1"] });
    expect(res).toEqual({ status: 200, url: `http://127.0.0.1:${targetPort}/hook` });
    expect(received.at(-1)).toEqual({ url: "/hook", method: "POST", body: '{"a":1}' });
  });

  it("refuses the same server without the allow-list, never connecting and never telling its status", async () => {
    const before = received.length;
    const error = await outboundFetch(`http://127.0.0.1:${targetPort}/secret`, { method: "POST", body: "x" }, {}).catch((e: OutboundError) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).kind).toBe("refused");
    expect((error as OutboundError).message).not.toMatch(/401|HTTP/);
    expect(received.length).toBe(before);
  });

  it("checks every redirect hop: an allowed redirector cannot bounce to an internal address", async () => {
    const before = received.length;
    const to = encodeURIComponent(`http://127.0.0.1:${targetPort}/hook`);
    // the redirector is allowed by the name "localhost"; the hop to 127.0.0.1 is not
    await expect(outboundFetch(`http://localhost:${redirectPort}/302?to=${to}`, { method: "POST", body: "x" }, { allowHosts: ["localhost"] })).rejects.toThrow(/refused: 127\.0\.0\.1 is a loopback address/);
    await expect(outboundFetch(`http://localhost:${redirectPort}/302?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`, {}, { allowHosts: ["localhost"] })).rejects.toThrow(/cloud metadata/);
    expect(received.length).toBe(before);
  });

  it("follows allowed redirects: 308 repeats the POST, 302 becomes a GET", async () => {
    const policy = { allowHosts: ["localhost", "127.0.0.1"] };
    const to = encodeURIComponent(`http://127.0.0.1:${targetPort}/moved`);
    expect((await outboundFetch(`http://localhost:${redirectPort}/308?to=${to}`, { method: "POST", body: "kept" }, policy)).status).toBe(200);
    expect(received.at(-1)).toEqual({ url: "/moved", method: "POST", body: "kept" });
    expect((await outboundFetch(`http://localhost:${redirectPort}/302?to=${to}`, { method: "POST", body: "dropped" }, policy)).status).toBe(200);
    expect(received.at(-1)).toEqual({ url: "/moved", method: "GET", body: "" });
  });

  it("stops after too many redirects", async () => {
    const loop = `http://127.0.0.1:${redirectPort}/302?to=${encodeURIComponent(`http://127.0.0.1:${redirectPort}/302?to=x`)}`;
    await expect(outboundFetch(loop, { maxRedirects: 1 }, { allowHosts: ["127.0.0.1"] })).rejects.toThrow(/more than 1 redirects|could not connect|does not resolve|refused/);
  });
});
