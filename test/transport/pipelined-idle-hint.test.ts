/**
 * Pipelined session requests follow the server's `Keep-Alive: timeout=` hint as the node:http pools do: an idle socket
 * is closed by the client a second before the server would close it (less the overdue margin), never written to. A
 * server that closes idle sockets after 2 s (and says `timeout=2`) used to meet requests written 1.6–1.9 s into the idle
 * time on the socket it was about to close (the client kept idle sockets 4 s whatever the hint): a session start POST
 * written as the server closed it failed as a reset, a retry or an error the user saw. Here each burst after a pause
 * goes on a new socket and the server sees every idle one ended by the client; on the old code the first socket
 * carried every burst and was ended by the server's timeout.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { backgroundHttpFetch } from "../../packages/honeyhive/src/runtime/node/http-fetch";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

type Ending = "client ended" | "server closed";

let server: Server | undefined;
afterEach(async () => {
  resetHoneyHiveGlobals(); // closes the transport's sockets
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/**
 * A server closing idle keep-alive sockets after 2 s (node:http's `keepAliveTimeout`, announced as `timeout=2`), which
 * records the session ids it read and, per accepted socket, who ended it. Its idle timeout destroys the socket one
 * poll of the event loop later than node:http would, so a client's close that came first is always seen as such (the
 * client and the server share this process's event loop).
 */
async function serverClosingIdleAfter2s(): Promise<{ url: string; ids: string[]; connections: Promise<Ending>[] }> {
  const ids: string[] = [];
  const connections: Promise<Ending>[] = [];
  server = createServer({ keepAliveTimeout: 2_000 }, (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const id = (JSON.parse(body) as { session: { id: string } }).session.id;
      ids.push(id);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ session_id: id }));
    });
  });
  server.on("timeout", (socket: Socket) => setImmediate(() => socket.destroy()));
  server.on("connection", (socket: Socket) => {
    connections.push(new Promise((resolve) => {
      socket.on("end", () => resolve("client ended")); // the client's FIN
      socket.on("close", () => resolve("server closed")); // destroyed by the server's idle timeout first
    }));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1/session/start`, ids, connections };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("pipelined requests after idle pauses", () => {
  it("never meet a socket the server is closing: the client ends each idle one before the server's hint runs out", async () => {
    const { url, ids, connections } = await serverClosingIdleAfter2s();
    const pausesMs = [1_600, 1_750, 1_850]; // past the hint less a second, before the server's 2 s
    const perBurst = 6;
    const sent: string[] = [];
    const hints = new Set<string | null>();
    const failures: string[] = [];
    const burst = async (round: number): Promise<void> => {
      const answers = await Promise.all(Array.from({ length: perBurst }, (_, i) => {
        const id = `s-${round}-${i}`;
        sent.push(id);
        // a session start: not marked idempotent, so a reset would fail it rather than write it again
        return backgroundHttpFetch(url, {
          method: "POST", body: JSON.stringify({ session: { id } }), headers: { "content-type": "application/json" }, timeoutMs: 30_000,
        }).then(async (response) => {
          hints.add(response.headers.get("keep-alive"));
          return `${response.status} ${await response.text()}`;
        }, (error: unknown) => {
          failures.push(`${id}: ${String(error)}`);
          return "failed";
        });
      }));
      answers.forEach((answer, i) => expect(answer).toBe(`200 {"session_id":"s-${round}-${i}"}`));
    };

    await burst(0);
    let acceptedBeforeLastBurst = 0;
    for (const [round, pauseMs] of pausesMs.entries()) {
      await sleep(pauseMs);
      acceptedBeforeLastBurst = connections.length;
      await burst(round + 1);
    }

    expect(hints).toEqual(new Set(["timeout=2"]));
    expect(failures).toEqual([]);
    expect(ids.slice().sort()).toEqual(sent.slice().sort()); // every request read once: none lost, none resent
    // every socket left idle was ended by the client, and each burst after a pause went on sockets of its own
    const endings = await Promise.all(connections.slice(0, acceptedBeforeLastBurst));
    expect(endings).toEqual(endings.map(() => "client ended"));
    expect(acceptedBeforeLastBurst).toBeGreaterThanOrEqual(pausesMs.length);
    expect(connections.length).toBeGreaterThan(acceptedBeforeLastBurst);
  }, 60_000);
});
