/** The connect page: asks for the API key the data was sent with (each key belongs to one project). */
import { getApiKey, setApiKey } from "../api";
import { h } from "../dom";
import type { PageFactory } from "../page";

/** Mounts the connect page. */
export const connectPage: PageFactory = (root, route) => {
  const reason = route.query.get("reason");
  const input = h("input", {
    class: "input input-wide", type: "password", name: "apiKey", placeholder: "e.g. the value of HH_API_KEY",
    value: getApiKey() ?? "", testid: "key-input", attrs: { autocomplete: "off", "aria-label": "API key" },
  });
  const form = h(
    "form",
    {
      class: "connect",
      on: {
        submit: (event) => {
          event.preventDefault();
          const key = input.value.trim();
          if (key === "") return;
          setApiKey(key);
          const next = route.query.get("next") ?? "";
          window.location.hash = next.startsWith("/") && !next.startsWith("/connect") ? next : "/sessions";
          window.location.reload();
        },
      },
    },
    h("h1", null, "Connect to this dev server"),
    h(
      "p",
      null,
      "Enter the API key your application sends (its HH_API_KEY). On the local dev server every key is its own " +
        "project, so the viewer shows the data sent with this key. The key stays in this browser.",
    ),
    reason && reason !== "no API key" ? h("div", { class: "error-box" }, reason) : null,
    h("div", { class: "row" }, input, h("button", { class: "btn btn-primary", type: "submit", testid: "key-save" }, "Open")),
    h("p", { class: "muted" }, "Tip: the CLI and the demo print links that carry the key, e.g. ", h("code", null, "/#/sessions?key=…"), "."),
  );
  root.append(form);
  input.focus();
  return { dispose: () => undefined };
};
