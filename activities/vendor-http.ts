import axios, { type AxiosInstance, type Method } from 'axios';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { describeIssues } from './vendor-lists';
import { reportVendorCall, statusClass } from './vendor-calls';
import { failureForNetwork, failureForStatus, retryAfterSeconds, VendorErrorType } from './vendor-errors';

export interface VendorRequest<S extends z.ZodType> {
  method: Method;
  path: string;
  /** Names the call in errors and logs, e.g. "getEnterpriseEdges". */
  endpoint: string;
  schema: S;
  body?: unknown;
  params?: Record<string, string | number | undefined>;
}

/** A vendor's HTTP API: one axios instance, no retries of its own, every response checked by zod. */
export interface VendorHttp {
  call<S extends z.ZodType>(request: VendorRequest<S>): Promise<z.infer<S>>;
}

/** The response broke our contract: names vendor, endpoint and the field path. Never retried. */
export function contractFailure(vendor: string, endpoint: string, error: z.ZodError): ApplicationFailure {
  return ApplicationFailure.create({
    type: VendorErrorType.Contract,
    message: `${vendor} ${endpoint} response broke the contract: ${describeIssues(error)}`,
    nonRetryable: true,
  });
}

export function createVendorHttp(
  vendor: string,
  baseURL: string,
  options: { headers?: Record<string, string>; timeoutMs?: number } = {},
): VendorHttp {
  const client: AxiosInstance = axios.create({
    baseURL,
    timeout: options.timeoutMs ?? 15_000,
    headers: options.headers,
    validateStatus: () => true,
  });
  return {
    async call({ method, path, endpoint, schema, body, params }) {
      let response;
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        response = await client.request({ method, url: path, data: body, params });
      } catch (err) {
        reportVendorCall({ vendor, endpoint, outcome: 'network', seconds: seconds() });
        throw failureForNetwork(vendor, endpoint, err);
      }
      reportVendorCall({ vendor, endpoint, outcome: statusClass(response.status), seconds: seconds() });
      if (response.status >= 400) {
        const detail =
          typeof response.data === 'object' && response.data !== null
            ? JSON.stringify(response.data).slice(0, 300)
            : String(response.data).slice(0, 300);
        throw failureForStatus(
          vendor,
          endpoint,
          response.status,
          detail,
          retryAfterSeconds(response.headers['retry-after'] as string | undefined),
        );
      }
      const parsed = schema.safeParse(response.data);
      if (!parsed.success) throw contractFailure(vendor, endpoint, parsed.error);
      return parsed.data;
    },
  };
}
