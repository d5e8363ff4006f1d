/** The dashboard's only data source: POST /graphql, the public API. */
import { authHeaders, showSignIn, unauthorisedMessage } from '../sign-in.js';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL error answer, with its extensions.code (EMBEDDINGS_MISSING, PREDICTIONS_MISSING, …). */
export class ApiError extends Error {
  readonly code: string;
  readonly extensions: Record<string, unknown>;
  constructor(body: GraphQLErrorBody) {
    super(body.message);
    this.code = body.extensions?.code ?? 'UNKNOWN';
    this.extensions = body.extensions ?? {};
  }
}

let inFlight = 0;
const listeners = new Set<(n: number) => void>();

/** Called with the number of requests in flight whenever it changes (the header's activity dot). */
export function onActivity(listener: (n: number) => void): void {
  listeners.add(listener);
}

function setInFlight(n: number): void {
  inFlight = n;
  for (const l of listeners) l(n);
}

/** Runs one operation; throws ApiError for the first GraphQL error (fields here are non-null roots). */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  setInFlight(inFlight + 1);
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
    if (res.status === 401) {
      const message = await unauthorisedMessage(res);
      showSignIn(message);
      throw new ApiError({ message, extensions: { code: 'UNAUTHENTICATED' } });
    }
    let body: { data?: T | null; errors?: GraphQLErrorBody[] };
    try {
      body = await res.json();
    } catch {
      throw new ApiError({
        message: `The server answered ${res.status} ${res.statusText} without JSON`,
        extensions: { code: 'HTTP_ERROR' },
      });
    }
    if (body.errors?.length) throw new ApiError(body.errors[0]!);
    if (!body.data) throw new ApiError({ message: 'Empty answer', extensions: { code: 'HTTP_ERROR' } });
    return body.data;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError({
      message: `The server cannot be reached (${(e as Error).message})`,
      extensions: { code: 'NETWORK' },
    });
  } finally {
    setInFlight(inFlight - 1);
  }
}

/** Reads a float64 little-endian .npy vector (the IDist download URL that `idist` answers with). */
export async function fetchNpyFloat64(url: string): Promise<Float64Array> {
  const res = await fetch(url, { headers: authHeaders() });
  if (!res.ok) throw new ApiError({ message: `${url} answered ${res.status}`, extensions: { code: 'HTTP_ERROR' } });
  const buf = await res.arrayBuffer();
  const bytes = new Uint8Array(buf);
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error(`${url} is not a .npy file`);
  const view = new DataView(buf);
  const major = bytes[6]!;
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const offset = (major === 1 ? 10 : 12) + headerLen;
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, offset));
  if (!header.includes("'<f8'")) throw new Error(`${url}: expected float64, got ${header}`);
  return new Float64Array(buf.slice(offset));
}
