/**
 * groq-sdk's client class in the openai module's shape (groq-client-view.ts): both OpenAI instrumentations find Groq's
 * own resource classes where they look (Traceloop's `module.Chat.Completions`, OpenInference's
 * `module.OpenAI.Chat.Completions`), so patching the view patches Groq's prototypes; Groq's missing legacy completions
 * get a stand-in. The real groq-sdk with both instrumentations: test/frameworks/stacks/groq/.
 */
import { describe, expect, it } from "vitest";
import { groqClientView } from "../../packages/honeyhive/src/integrations/groq-client-view";

class ChatCompletions {
  create(): string {
    return "chat";
  }
}
class Chat {
  static Completions = ChatCompletions;
}
class Embeddings {
  create(): string {
    return "embeddings";
  }
}

describe("groqClientView", () => {
  it("points the openai module's shape at Groq's own resources; a stand-in for the legacy completions Groq lacks", () => {
    class Groq {
      static Chat = Chat;
      static Completions = class Completions {};
      static Embeddings = Embeddings;
    }
    const view = groqClientView(Groq) as Record<string, any>;
    expect(view.OpenAI).toBe(view);
    expect(view.Chat.Completions.prototype).toBe(ChatCompletions.prototype);
    expect(view.OpenAI.Embeddings).toBe(Embeddings);
    expect(view.Completions).not.toBe(Groq.Completions);
    expect(typeof view.Completions.prototype.create).toBe("function");
    expect(() => new view.Completions().create()).toThrow("groq-sdk has no legacy completions API");
  });

  it("keeps a legacy completions resource that has create; takes the class from a module namespace; anything else is returned as is", () => {
    class Legacy {
      create(): string {
        return "legacy";
      }
    }
    class Groq {
      static Chat = Chat;
      static Completions = Legacy;
    }
    expect((groqClientView(Groq) as Record<string, unknown>).Completions).toBe(Legacy);
    expect((groqClientView({ Groq }) as Record<string, unknown>).Chat).toBe(Chat); // import * as groq from "groq-sdk"
    expect((groqClientView({ default: Groq }) as Record<string, unknown>).Chat).toBe(Chat);
    const other = { Other: Groq };
    expect(groqClientView(other)).toBe(other);
    class NoChat {}
    expect(groqClientView(NoChat)).toBe(NoChat);
    expect(groqClientView(undefined)).toBeUndefined();
  });
});
