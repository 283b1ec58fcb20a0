import dataProviderFactory, { axiosInstance } from "@refinedev/simple-rest";
import { toHttpError, type ApiErrorBody } from "./http";

interface RejectedRequest {
  message?: string;
  statusCode?: number;
  response?: { status?: number; data?: unknown };
}

// simple-rest's own interceptor keeps only `message` and `statusCode`; this one, registered after it,
// also keeps the api's `code`, `requestId` and field errors so forms can show them next to each field.
axiosInstance.interceptors.response.use(undefined, (rejected: RejectedRequest) => {
  const status = rejected.statusCode ?? rejected.response?.status ?? 0;
  const body = rejected.response?.data;
  const apiBody = typeof body === "object" && body !== null ? (body as ApiErrorBody) : undefined;
  return Promise.reject(toHttpError(status, apiBody, rejected.message ?? "Network error"));
});

// Same origin (Vite proxies /api in development), so the session cookie rides along.
axiosInstance.defaults.withCredentials = true;

export const API_URL = "/api";
export const dataProvider = dataProviderFactory(API_URL, axiosInstance);
