/** The configuration error lives in `config/` so that the layers below the tracer (trace options) can raise it too. */
export { HoneyHiveConfigError } from "../config/config-error";
