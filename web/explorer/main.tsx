import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import type { ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import { authHeaders, showSignIn, unauthorisedMessage } from '../sign-in.js';
import './explorer.css';

/**
 * The offline GraphQL explorer: GraphiQL bundled at build time (no CDN, no Apollo Sandbox), on
 * this server's POST /graphql. The schema's descriptions show in its documentation pane.
 */

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

const fetcher: Fetcher = async (params, opts) => {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...authHeaders(),
      ...(opts?.headers ?? {}),
    },
    body: JSON.stringify(params),
  });
  if (res.status === 401) showSignIn(await unauthorisedMessage(res));
  return res.json();
};

const DEFAULT_QUERY = `# distmetrics GraphQL explorer (works offline).
# Run with Ctrl-Enter or the run button. Every field is documented: open the book icon
# on the left, or hover a field. The dashboard at / is built on the same queries.

query Overview {
  datasets { name imageCount maskCount }
  models { name version family dimension predictionOutput }
  jobs(first: 5) { id state done total model { name } dataset { name } }
}

# Scaled ODist of each secondary from the primary (the paper's Table 2, one row):
# query ScaledOdist($scope: DistanceScope!, $secondaries: [String!]!) {
#   odist(scope: $scope, secondaries: $secondaries) {
#     secondaries { secondary { name } odist scaled baseline }
#   }
# }
# with variables such as:
# { "scope": { "model": { "name": "hed" }, "primary": "bsds" }, "secondaries": ["nyud"] }
`;

const root = document.getElementById('explorer')!;
createRoot(root).render(
  <GraphiQL
    fetcher={fetcher}
    defaultQuery={DEFAULT_QUERY}
    defaultEditorToolsVisibility={false}
    isHeadersEditorEnabled={false}
  >
    <GraphiQL.Logo>
      <a className="dm-logo" href="/" title="Back to the dashboard">
        distmetrics <span>explorer</span>
      </a>
    </GraphiQL.Logo>
  </GraphiQL>,
);
