/**
 * Where the adapters' responses can be seen with their headers. The request sender
 * (`request-outcome.ts`) and the retry layer only see results and mapped errors, so the budget
 * headers are read one level down, on the clients themselves: jsforce's transport (every REST call
 * of the connection, errors included, as jsforce resolves error answers too) and jira.js's axios
 * instance (a response interceptor, which also sees the 429s axios rejects). Attached to clients
 * already connected, so production's start-check clients are watched the same as the sandbox's.
 */
import type { Connection, HttpResponse } from 'jsforce';
import type { Version3Client } from 'jira.js';
import type { SeenResponse } from './recorder.js';

type Observe = (response: SeenResponse) => void;

/** Calls `observe` with every HTTP response the jsforce connection receives. */
export function watchSalesforceResponses(connection: Connection, observe: Observe): void {
  const transport = connection._transport;
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (...args: Parameters<typeof send>) => {
    const pending = send(...args);
    pending.then(
      (response: HttpResponse) =>
        observe({ status: response.statusCode, headers: response.headers, ...(typeof response.body === 'string' && response.statusCode >= 400 ? { body: response.body } : {}) }),
      () => undefined,
    );
    return pending;
  };
}

/** The part of axios this needs; jira.js keeps its instance in a private field. */
interface AxiosLike {
  interceptors: {
    response: {
      use(onFulfilled: (response: AxiosResponseLike) => AxiosResponseLike, onRejected: (error: unknown) => Promise<never>): number;
    };
  };
}
interface AxiosResponseLike {
  status: number;
  headers: Record<string, unknown>;
}

function toHeaderBag(headers: unknown): Record<string, unknown> {
  // axios gives an AxiosHeaders instance; its toJSON() is the plain lower-case map.
  const withJson = headers as { toJSON?: () => Record<string, unknown> } | undefined;
  return typeof withJson?.toJSON === 'function' ? withJson.toJSON() : ((headers as Record<string, unknown>) ?? {});
}

/** Calls `observe` with every HTTP response the jira.js client receives; false if the client has no axios instance to watch. */
export function watchJiraResponses(client: Version3Client, observe: Observe): boolean {
  const instance = (client as unknown as { instance?: AxiosLike }).instance;
  if (!instance?.interceptors?.response) return false;
  instance.interceptors.response.use(
    (response) => {
      observe({ status: response.status, headers: toHeaderBag(response.headers) });
      return response;
    },
    (error: unknown) => {
      const response = (error as { response?: AxiosResponseLike }).response;
      if (response && typeof response.status === 'number') observe({ status: response.status, headers: toHeaderBag(response.headers) });
      return Promise.reject(error);
    },
  );
  return true;
}
