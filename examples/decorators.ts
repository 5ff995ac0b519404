// @trace on methods and @traceClass work with TypeScript 5 standard decorators (this file) and with legacy
// experimentalDecorators alike.
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
