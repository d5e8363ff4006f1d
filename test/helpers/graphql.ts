/** POSTs one GraphQL operation over real HTTP and returns the parsed body. */
export async function gql<T = any>(baseUrl: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
  };
}

export function errorCode(body: { errors?: { extensions?: { code?: string } }[] }): string | undefined {
  return body.errors?.[0]?.extensions?.code;
}
