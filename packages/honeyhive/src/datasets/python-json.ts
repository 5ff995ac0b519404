/** CPython's `json.dumps(value, sort_keys=True)`: the one definition lives in core (the dev server prints it too). */
export { compareCodePoints, pythonJsonDumps, pythonJsonString, pythonNumber, pythonNumberFromSource } from "@honeyhive/core/datasets/python-json";
