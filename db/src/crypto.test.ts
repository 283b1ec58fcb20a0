import { describe, expect, it } from "vitest";
import { FieldCipher, generateKey, hashPassword, maskPii, verifyPassword } from "./crypto";

describe("passwords", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct hors", hash)).toBe(false);
  });
  it("rejects a malformed stored hash without throwing", async () => {
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});

describe("FieldCipher", () => {
  const cipher = new FieldCipher(generateKey());
  it("round-trips and never repeats a ciphertext", () => {
    const a = cipher.encrypt("li.wei@example.cn");
    const b = cipher.encrypt("li.wei@example.cn");
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe("li.wei@example.cn");
  });
  it("detects tampering", () => {
    const sealed = cipher.encrypt("+86 138 0000 0000");
    const parts = sealed.split(":");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => cipher.decrypt(parts.join(":"))).toThrow();
  });
  it("refuses a key of the wrong size", () => {
    expect(() => new FieldCipher("abcd")).toThrow(/32 bytes/);
  });
});

describe("maskPii", () => {
  it.each([
    ["alice@example.com", "a***@example.com"],
    ["+8613800000000", "**********0000"],
    ["Bob", "****"],
  ])("%s → %s", (input, masked) => expect(maskPii(input)).toBe(masked));
});
