import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { CONSOLE } from "../resources";
import { apiErrorMessage, fieldIssueMessage, formFieldOf, type ApiFieldIssue, type Translate } from "./api-messages";
import { fieldErrors, toHttpError } from "./http";

const i18n = i18next.createInstance();
let en: Translate;
let zh: Translate;
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: CONSOLE.locales.en }, "zh-CN": { translation: CONSOLE.locales["zh-CN"] } }, lng: "en", fallbackLng: "en", nsSeparator: false, interpolation: { escapeValue: false }, showSupportNotice: false });
  en = i18n.getFixedT("en") as unknown as Translate;
  zh = i18n.getFixedT("zh-CN") as unknown as Translate;
});

const issue = (code: string, params: Record<string, unknown> = {}, message = "english from the api", path = "displayName"): ApiFieldIssue => ({ code, path, message, params });

describe("the api's field issues in the UI language", () => {
  it.each([
    // the audit's example: body.displayName: Too small: expected string to have >=1 characters
    [issue("too_small", { minimum: 1, origin: "string" }), "Required", "必填"],
    [issue("too_small", { minimum: 12, origin: "string", inclusive: true }), "At least 12 characters", "至少 12 个字符"],
    [issue("too_big", { maximum: 120, origin: "string" }), "At most 120 characters", "最多 120 个字符"],
    [issue("too_small", { minimum: 0, origin: "number", inclusive: true }), "Must be at least 0", "不能小于 0"],
    [issue("too_small", { minimum: 0, origin: "number", inclusive: false }), "Must be more than 0", "必须大于 0"],
    [issue("too_big", { maximum: 1440, origin: "int" }), "Must be at most 1440", "不能大于 1440"],
    [issue("too_big", { maximum: 20, origin: "array" }), "At most 20 items", "最多 20 项"],
    [issue("invalid_type", { expected: "number" }, "Invalid input: expected number, received string"), "Expected a number", "应为数字"],
    [issue("invalid_type", { expected: "string" }, "Invalid input: expected string, received undefined"), "Required", "必填"],
    [issue("invalid_format", { format: "email" }), "Enter a valid email address", "请输入有效的邮箱地址"],
    [issue("invalid_format", { format: "cuid2" }), "This is not in the expected format", "格式不正确"],
    [issue("invalid_value", { values: ["admin", "operator"] }), "Must be one of: admin, operator", "必须是以下之一：admin, operator"],
    [issue("required"), "Required", "必填"],
    [issue("in_use"), "Already in use", "已被使用"],
    [issue("unsupported_grain", { grain: "hour", grains: ["day"] }), "This metric has no Hour grain; it has: Day", "该指标没有“小时”粒度，可选：天"],
    // the api's own codes (lib/issues.ts), with their params
    [issue("too_deep", { maximum: 32 }), "Nested too deeply (at most 32 levels)", "嵌套层级过深（最多 32 层）"],
    [issue("nul_character"), "Contains a character that cannot be stored (U+0000)", "包含无法保存的字符（U+0000）"],
    // zod 4 custom issues name the domain's code in params.code
    [issue("custom", { code: "required" }), "Required", "必填"],
  ])("%j", (given, english, chinese) => {
    expect(fieldIssueMessage(given, en)).toBe(english);
    expect(fieldIssueMessage(given, zh)).toBe(chinese);
  });

  it("reads zod's properties whether the api nests them in params or puts them beside the code", () => {
    expect(fieldIssueMessage({ code: "too_big", path: "name", message: "x", maximum: 5, origin: "string" } as ApiFieldIssue, zh)).toBe("最多 5 个字符");
  });

  it("keeps the api's English for a code nobody translates, and for a bound it cannot read", () => {
    expect(fieldIssueMessage(issue("weak_password", {}, "add another word or two"), zh)).toBe("add another word or two");
    expect(fieldIssueMessage(issue("custom", {}, "must be in the future"), zh)).toBe("must be in the future");
    expect(fieldIssueMessage(issue("too_small", {}, "Too small"), zh)).toBe("Too small");
  });

  it("puts a tag's issue on its select and a root issue nowhere", () => {
    expect(formFieldOf("emailTo.0")).toBe("emailTo");
    expect(formFieldOf(["filters", "country"])).toBe("filters.country");
    expect(formFieldOf("(root)")).toBeUndefined();
  });
});

describe("the api's refusals in the UI language", () => {
  it("a 400: every field on its form item, translated, and a sentence without a status code", () => {
    const body = { code: "validation_error" as const, message: "body.displayName: Too small: expected string to have >=1 characters", details: { fields: [issue("too_small", { minimum: 1, origin: "string" }), issue("in_use", {}, "already in use", "email")] }, requestId: "r1" };
    const error = toHttpError(400, body, "Bad Request", zh);
    expect(error.errors).toEqual({ displayName: "必填", email: "已被使用" });
    expect(error.message).toBe("部分字段需要修改 — displayName: 必填; email: 已被使用");
    expect(error.message).not.toMatch(/status code|Too small/);
    expect(fieldErrors(body, en)).toEqual({ displayName: "Required", email: "Already in use" });
  });

  it.each([
    [{ code: "forbidden", message: "your role (viewer) lacks users:write" }, 403, "Your role is not allowed to do this", "您的角色无权执行此操作"],
    [{ code: "rate_limited", message: "slow down", details: { retryAfterSeconds: 30 } }, 429, "Too many requests: try again in 30 s", "请求过于频繁，请 30 秒后重试"],
    [{ code: "internal", message: "internal error", requestId: "req-7" }, 500, "Something went wrong on the server (request req-7)", "服务器出错（请求 req-7）"],
    [{ code: "conflict", message: "the last enabled admin cannot be disabled" }, 409, "This conflicts with what is already stored: the last enabled admin cannot be disabled", "与已保存的数据冲突: the last enabled admin cannot be disabled"],
    [{ code: "bad_request", message: "queue nope has no job run" }, 400, "queue nope has no job run", "queue nope has no job run"],
    [undefined, 0, "The server could not be reached: try again in a moment", "无法连接服务器，请稍后重试"],
  ])("%j", (body, status, english, chinese) => {
    expect(apiErrorMessage(body, status, en, "fallback")).toBe(english);
    expect(apiErrorMessage(body, status, zh, "fallback")).toBe(chinese);
  });
});
