// @trace on methods and @traceClass work with TypeScript 5 standard decorators (this file) and with legacy
// experimentalDecorators alike.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, enrichSpan, trace, traceClass } from "honeyhive";

const tracer = new HoneyHiveTracer({ sessionName: "decorators" });

export class Bot {
  @trace({ eventType: "tool", tracer })
  lookup(query: string): string {
    enrichSpan({ metadata: { hits: 3 } });
    return query.toUpperCase();
  }
}

@traceClass({ eventType: "chain" })
export class Pipeline {
  static create(): Pipeline {
    return new Pipeline();
  }
  run(input: string): string {
    return new Bot().lookup(input);
  }
}

await tracer.trace(async () => {
  console.log(`Pipeline.create().run("hello") -> ${Pipeline.create().run("hello")}`);
});
await tracer.flush();
await localBackend.report();
