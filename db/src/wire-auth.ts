import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * The password check PGlite's wire server lacks: a loopback TCP front that speaks PostgreSQL's own
 * SCRAM-SHA-256 exchange (RFC 5802/7677, as `pg` and psql do it) and only then splices the client
 * onto the PGlite socket server, which listens on a Unix socket in a 0700 directory. The password
 * never travels; a wrong one gets PostgreSQL's `28P01` and the connection is closed.
 */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const ITERATIONS = 4096;
const HANDSHAKE_TIMEOUT_MS = 10_000;

interface ScramSecret {
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();

function scramSecret(password: string): ScramSecret {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, ITERATIONS, 32, "sha256");
  return { salt, storedKey: createHash("sha256").update(hmac(salted, "Client Key")).digest(), serverKey: hmac(salted, "Server Key") };
}

function authMessage(code: number, data = ""): Buffer {
  const body = Buffer.from(data, "utf8");
  const out = Buffer.alloc(9 + body.length);
  out.write("R", 0);
  out.writeInt32BE(8 + body.length, 1);
  out.writeInt32BE(code, 5);
  body.copy(out, 9);
  return out;
}

function errorMessage(sqlState: string, message: string): Buffer {
  const fields = [`SFATAL`, `VFATAL`, `C${sqlState}`, `M${message}`].map((f) => `${f}\0`).join("") + "\0";
  const body = Buffer.from(fields, "utf8");
  const out = Buffer.alloc(5 + body.length);
  out.write("E", 0);
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

/** Reads messages off a socket: untyped ones (startup) until the startup is done, typed after. */
class Reader {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  closed = false;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    socket.on("close", () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  private async need(n: number): Promise<void> {
    while (this.buffer.length < n) {
      if (this.closed) throw new Error("client went away");
      if (n > 64 * 1024) throw new Error("message too large");
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  private take(n: number): Buffer {
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  async untyped(): Promise<Buffer> {
    await this.need(4);
    const len = this.buffer.readInt32BE(0);
    if (len < 8) throw new Error("bad startup message");
    await this.need(len);
    return this.take(len);
  }

  async typed(): Promise<{ type: string; body: Buffer }> {
    await this.need(5);
    const len = this.buffer.readInt32BE(1);
    if (len < 4) throw new Error("bad message");
    await this.need(1 + len);
    const msg = this.take(1 + len);
    return { type: String.fromCharCode(msg[0]!), body: msg.subarray(5) };
  }

  rest(): Buffer {
    return this.take(this.buffer.length);
  }
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** One client: SSL refused politely, startup read, SCRAM run; true when the password proved right. */
async function handshake(socket: Socket, reader: Reader, secret: ScramSecret): Promise<Buffer | undefined> {
  let startup: Buffer;
  for (;;) {
    startup = await reader.untyped();
    const code = startup.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) socket.write("N");
    else if (code === CANCEL_REQUEST) return undefined;
    else if (code === PROTOCOL_3) break;
    else throw new Error("unsupported protocol");
  }
  socket.write(authMessage(10, "SCRAM-SHA-256\0\0"));

  const first = await reader.typed();
  if (first.type !== "p") return undefined;
  const mechEnd = first.body.indexOf(0);
  if (first.body.subarray(0, mechEnd).toString() !== "SCRAM-SHA-256") return undefined;
  const dataLen = first.body.readInt32BE(mechEnd + 1);
  const clientFirst = first.body.subarray(mechEnd + 5, mechEnd + 5 + dataLen).toString("utf8");
  // gs2 header: no channel binding ("n,,") or client supports it but we do not offer it ("y,,")
  const gs2 = clientFirst.startsWith("n,,") ? "n,," : clientFirst.startsWith("y,,") ? "y,," : undefined;
  if (!gs2) return undefined;
  const clientFirstBare = clientFirst.slice(gs2.length);
  const clientNonce = attributes(clientFirstBare).get("r");
  if (!clientNonce) return undefined;
  const nonce = clientNonce + randomBytes(18).toString("base64");
  const serverFirst = `r=${nonce},s=${secret.salt.toString("base64")},i=${ITERATIONS}`;
  socket.write(authMessage(11, serverFirst));

  const final = await reader.typed();
  if (final.type !== "p") return undefined;
  const clientFinal = final.body.toString("utf8");
  const proofAt = clientFinal.lastIndexOf(",p=");
  if (proofAt < 0) return undefined;
  const withoutProof = clientFinal.slice(0, proofAt);
  const attrs = attributes(withoutProof);
  if (attrs.get("r") !== nonce || attrs.get("c") !== Buffer.from(gs2).toString("base64")) return undefined;
  const proof = Buffer.from(clientFinal.slice(proofAt + 3), "base64");
  const message = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(secret.storedKey, message);
  if (proof.length !== signature.length) return undefined;
  const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
  if (!timingSafeEqual(createHash("sha256").update(clientKey).digest(), secret.storedKey)) return undefined;
  socket.write(authMessage(12, `v=${hmac(secret.serverKey, message).toString("base64")}`));
  return startup;
}

/**
 * Listens on `host:port`; each client that proves `password` is spliced onto the backend Unix
 * socket, which then answers the client's own startup message (AuthenticationOk onwards).
 */
export async function startAuthFront(opts: { host: string; port: number; password: string; backendPath: string }): Promise<{ port: number; close(): Promise<void> }> {
  const secret = scramSecret(opts.password);
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
    const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
    const reader = new Reader(socket);
    handshake(socket, reader, secret)
      .then((startup) => {
        clearTimeout(timer);
        if (!startup) {
          socket.end(errorMessage("28P01", "password authentication failed"));
          return;
        }
        socket.removeAllListeners("data");
        const backend = connect(opts.backendPath);
        backend.on("error", () => socket.destroy());
        socket.on("close", () => backend.destroy());
        backend.on("close", () => socket.destroy());
        backend.write(Buffer.concat([startup, reader.rest()]));
        socket.pipe(backend);
        backend.pipe(socket);
      })
      .catch(() => {
        clearTimeout(timer);
        socket.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("auth front has no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
