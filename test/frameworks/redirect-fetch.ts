/**
 * A `fetch` for a provider client that carries the requests its app sends to the provider's real endpoint
 * (`https://api.groq.com`, Ollama's `http://localhost:11434`) to a loopback fake instead: the client keeps the
 * endpoint a user configures (from which the SDK names the provider), and no request leaves the machine.
 */
export function redirectFetch(from: string, to: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(from)) return Promise.reject(new Error(`redirectFetch: ${url} is not under ${from}`));
    return fetch(`${to}${url.slice(from.length)}`, init);
  };
}
