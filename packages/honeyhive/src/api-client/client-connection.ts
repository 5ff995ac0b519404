/**
 * The server and key an API client was made for, kept beside the client (never on it: printing a client shows no
 * key), so that functions given a client (`pushDataset`) can reach the same server's routes outside HoneyHive's API
 * (the dev server's attachment store).
 */

/** Where a client sends requests, with which key. */
export interface ClientConnection {
  readonly serverUrl: string;
  /** The project key ("" when the client has none). */
  readonly apiKey: string;
  /** The ingestion key, when the client has one (what uploads go with). */
  readonly ingestionApiKey?: string;
}

const connections = new WeakMap<object, ClientConnection>();

/** Records `client`'s connection (called once, where the client is made). */
export function rememberConnection<T extends object>(client: T, connection: ClientConnection): T {
  connections.set(client, connection);
  return client;
}

/** The connection `client` was made for; undefined for an object no client factory made. */
export function connectionOf(client: object): ClientConnection | undefined {
  return connections.get(client);
}
