"""A Python client against the dev server, in the HoneyHive Python SDK's request shapes (standard library only).

Where the Python SDK cannot be installed (no PyPI here, nor in CI) this lane sends, over raw HTTP, the requests the
SDK's generated client sends: the legacy routes it still uses (``/session/start``, ``/events``, ``/events/batch``,
``/v1/events/export``, ``compare-with``...), the ``/v1`` ones, OTLP JSON as its exporter writes it (hex ids, a null
root ``parentSpanId``, enum strings, int64 as strings), and its keys as 1.6/1.7 send them: the ingestion key
(``hh_ingst_...``) on what sends traces, sessions and events, the project key on the rest, the data plane key
(``hh_fgdp_...``) on project-scoped routes. It covers every operation of HoneyHive's OpenAPI spec, and the routes the
client calls that are newer than it (charts, metric versions, run summaries).

Environment: HH_API_URL, HH_API_KEY (project key), HH_INGESTION_API_KEY, HH_DATA_PLANE_API_KEY, HH_OTHER_API_KEY (a
key of another project). Prints one JSON line per request ({"request": {...}}), one per passed check ({"ok": ...}),
and exits 1 at the first failed check, naming it (HH_LANE_REPORT=1: says every failed check and goes on, to list the
answer of every route).
"""

import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

BASE = os.environ["HH_API_URL"].rstrip("/")
PROJECT_KEY = os.environ["HH_API_KEY"]
INGESTION_KEY = os.environ["HH_INGESTION_API_KEY"]
DATA_PLANE_KEY = os.environ["HH_DATA_PLANE_API_KEY"]
OTHER_KEY = os.environ["HH_OTHER_API_KEY"]
KIND = {PROJECT_KEY: "project", INGESTION_KEY: "ingestion", DATA_PLANE_KEY: "dataPlane", OTHER_KEY: "other"}
HEADERS = {"hh-client-language": "python", "hh-client-package": "honeyhive", "hh-client-version": "1.7.0"}


class CheckFailed(Exception):
    pass


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


# HH_LANE_REPORT=1: a failed check is said and the lane goes on (to list every route's answer); else it stops there.
REPORT = os.environ.get("HH_LANE_REPORT") == "1"


def fail(what):
    if not REPORT:
        raise CheckFailed(what)
    emit({"failed": what})


def check(condition, what):
    if not condition:
        fail(what)
        return
    emit({"ok": what})


def query_string(query):
    """Python's _serialize_query_params: a list as repeated `key[]=`, None left out."""
    pairs = []
    for key, value in (query or {}).items():
        if value is None:
            continue
        if isinstance(value, list):
            pairs.extend((key + "[]", str(v)) for v in value)
        else:
            pairs.append((key, "true" if value is True else "false" if value is False else str(value)))
    return ("?" + urllib.parse.urlencode(pairs)) if pairs else ""


def call(method, path, body=None, key=PROJECT_KEY, query=None, expect=200, raw=None, content_type="application/json"):
    """One request; checks its status (`expect`, None: any) and returns the parsed JSON answer (or None)."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = dict(HEADERS, Authorization="Bearer " + key)
    if data is not None:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(BASE + path + query_string(query), data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    emit({"request": {"method": method, "path": path, "status": status, "key": KIND.get(key, "other")}})
    try:
        answer = json.loads(text) if text else None
    except ValueError:
        answer = text.decode("utf-8", "replace")
    if expect is not None and status != expect:
        fail("%s %s answered %s, expected %s: %s" % (method, path, status, expect, str(answer)[:300]))
    return answer


def hex_id(n):
    return uuid.uuid4().hex[:n] if n <= 32 else (uuid.uuid4().hex + uuid.uuid4().hex)[:n]


def otlp_value(value):
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    if isinstance(value, float):
        return {"doubleValue": value}
    return {"stringValue": str(value)}


def otlp_span(trace_id, span_id, parent, name, attributes, start_ms=None, duration_ms=20):
    start = int((start_ms or time.time() * 1000) * 1_000_000)
    return {
        "traceId": trace_id, "spanId": span_id, "parentSpanId": parent, "name": name, "kind": "SPAN_KIND_INTERNAL",
        "startTimeUnixNano": str(start), "endTimeUnixNano": str(start + duration_ms * 1_000_000),
        "attributes": [{"key": k, "value": otlp_value(v)} for k, v in attributes.items()],
        "status": {"code": "STATUS_CODE_UNSET"},
    }


def export_spans(spans, key=INGESTION_KEY):
    """The Python SDK's hand-built OTLP JSON export (http/json), with its X-Source header, sent with the ingestion key."""
    body = {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "python-lane"}}]},
                               "scopeSpans": [{"scope": {"name": "honeyhive", "version": "1.7.0"}, "spans": spans}]}]}
    request = urllib.request.Request(BASE + "/opentelemetry/v1/traces", data=json.dumps(body).encode(), method="POST", headers=dict(
        HEADERS, Authorization="Bearer " + key, **{"Content-Type": "application/json", "X-Source": "python-lane"}))
    with urllib.request.urlopen(request, timeout=30) as response:
        emit({"request": {"method": "POST", "path": "/opentelemetry/v1/traces", "status": response.status, "key": KIND[key]}})
        check(response.status == 200, "OTLP JSON export accepted")


def session_attrs(session_id, event_type, **extra):
    attrs = {"honeyhive.session_id": session_id, "traceloop.association.properties.session_id": session_id,
             "honeyhive.source": "python-lane", "honeyhive_event_type": event_type}
    attrs.update(extra)
    return attrs


def start_session(name, metadata=None, inputs=None):
    """`HoneyHiveTracer.init`'s session start: POST /session/start with the ingestion key."""
    session_id = str(uuid.uuid4())
    body = {"session": {"project": "ignored", "session_name": name, "source": "python-lane", "session_id": session_id}}
    if metadata:
        body["session"]["metadata"] = metadata
    if inputs:
        body["session"]["inputs"] = inputs
    answer = call("POST", "/session/start", body, key=INGESTION_KEY)
    check(answer["session_id"] == session_id and all(answer.get(k) for k in ("event_id", "org_id", "workspace_id", "project_id")),
          "session start answers the five ids the Python model requires")
    return session_id


def tracing_with_two_keys():
    """Python 1.6: the tracer sends with its ingestion key; the session is read back with the project key."""
    session_id = start_session("python-1.6-trace", inputs={"question": "q"})
    trace_id, root = hex_id(32), hex_id(16)
    export_spans([
        otlp_span(trace_id, root, None, "pipeline", session_attrs(session_id, "chain", **{"honeyhive_inputs.question": "q"})),
        otlp_span(trace_id, hex_id(16), root, "openai.chat", session_attrs(session_id, "model", **{
            "gen_ai.request.model": "gpt-4o-mini", "gen_ai.system": "openai", "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 500})),
    ])
    call("PUT", "/events", {"event_id": session_id, "metadata": {"user": "u1"}, "outputs": {"answer": "a"}}, key=INGESTION_KEY)
    tree = call("GET", "/v1/sessions/" + session_id)
    check(tree["num_events"] == 2 and tree["metadata"]["user"] == "u1", "the ingestion key's session is the project key's (one project, two keys)")
    check(tree["cost"] and tree["cost"] > 0, "the model call traced with GenAI attributes is priced")
    call("GET", "/v1/runs", key=INGESTION_KEY, expect=403)
    emit({"ok": "an ingestion key reads nothing: GET /v1/runs answers 403"})
    call("GET", "/v1/runs", key="hh_not_a_configured_key", expect=401)


def run_experiment(name, scores, dataset_id="EXT-pylane0123456789", order=None):
    """`evaluate()`: the run with the project key; each datapoint a session and a chain span with the ingestion key."""
    run_id = str(uuid.uuid4())
    created = call("POST", "/v1/runs", {
        "run_id": run_id, "name": name, "status": "pending", "event_ids": [], "datapoint_ids": ["EXT-dp%d" % i for i in range(len(scores))],
        "dataset_id": None, "configuration": {"function": "answer", "evaluators": ["exact"], "max_workers": 4, "aggregate_function": "average"},
        "metadata": {"offline_dataset_id": dataset_id, "git": {"commit_hash": "abc", "branch": "main"}},
    })
    check(created["run_id"] == run_id, "POST /v1/runs keeps the client's run id")
    sessions = []
    for i in order or range(len(scores)):
        score = scores[i]
        metadata = {"run_id": run_id, "dataset_id": dataset_id, "datapoint_id": "EXT-dp%d" % i}
        session_id = start_session(name, metadata=metadata, inputs={"q": "q%d" % i})
        sessions.append(session_id)
        trace_id = hex_id(32)
        export_spans([otlp_span(trace_id, hex_id(16), None, "answer", session_attrs(session_id, "chain", **{
            "honeyhive_event_name": "answer", "honeyhive_metadata.run_id": run_id, "honeyhive_metadata.dataset_id": dataset_id,
            "honeyhive_metadata.datapoint_id": "EXT-dp%d" % i, "honeyhive_metrics.exact": score, "honeyhive_outputs.result": "a%d" % i}))])
        call("PUT", "/events", {"event_id": session_id, "outputs": {"result": "a%d" % i}, "feedback": {"ground_truth": "a%d" % i}}, key=INGESTION_KEY)
    call("PUT", "/v1/runs/" + run_id, {"status": "completed", "name": name, "event_ids": sessions, "metadata": {"offline_dataset_id": dataset_id}})
    return run_id, sessions


def experiments():
    old_id, old_sessions = run_experiment("pylane_run_a", [1, 0, 1])
    new_id, _ = run_experiment("pylane_run_b", [1, 1, 1])
    result = call("GET", "/v1/runs/%s/result" % old_id, query={"aggregate_function": "average"})
    check(len(result["datapoints"]) == 3 and sorted(d["session_id"] for d in result["datapoints"]) == sorted(old_sessions),
          "a run traced with the ingestion key shows its sessions to the project key (not 0 sessions)")
    check(result["metrics"]["details"][0]["aggregate"] == 2 / 3, "the run's metric aggregates as Python reads it")
    summary = call("GET", "/v1/runs/%s/summary" % old_id)
    check(summary["status"] == "completed", "GET /v1/runs/{id}/summary (the newer twin of /result)")
    metrics = call("GET", "/v1/runs/%s/metrics" % old_id)
    check(metrics["totalEvents"] >= 3, "GET /v1/runs/{id}/metrics lists the run's metric events")
    check(call("GET", "/v1/runs/" + old_id)["evaluation"]["status"] == "completed", "GET /v1/runs/{id}")
    listed = call("GET", "/v1/runs", query={"name": "pylane_run_"})
    check(sorted(r["name"] for r in listed["evaluations"]) == ["pylane_run_a", "pylane_run_b"], "GET /v1/runs?name= matches a prefix, as Python's tests expect")
    by_ids = call("GET", "/v1/runs", query={"run_ids": [old_id], "page": 1, "limit": 10})
    check([r["run_id"] for r in by_ids["evaluations"]] == [old_id], "GET /v1/runs?run_ids[]= (Python's list encoding)")
    compared = call("GET", "/v1/runs/%s/compare-with/%s" % (new_id, old_id), query={"aggregate_function": "average"})
    check(compared["metrics"][0]["improved_count"] == 1 and len(compared["commonDatapoints"]) == 3, "compare-with pairs the two runs by datapoint")
    call("GET", "/v1/runs/%s/compare/%s" % (new_id, old_id))
    paired = call("GET", "/v1/runs/%s/compare/%s/events" % (new_id, old_id), query={"event_name": "answer", "limit": 10, "page": 1})
    check(paired["totalEvents"] == 3, "GET /v1/runs/{new}/compare/{old}/events pairs the events")
    legacy = call("GET", "/v1/runs/compare/events", query={"run_id_1": new_id, "run_id_2": old_id, "event_type": "chain"})
    check(legacy["totalEvents"] == 3, "GET /v1/runs/compare/events (legacy)")
    for path, query in (("/v1/runs/%s/schema" % old_id, None), ("/v1/runs/schema", None), ("/v1/events/schema", {"evaluation_id": old_id})):
        schema = call("GET", path, query=query)
        check({"name": "metrics.exact", "event_type": "chain"} in schema["fields"] and set(schema) == {"fields", "datasets", "mappings"},
              "GET %s answers the events schema (no longer read as an id)" % path.replace(old_id, "{id}"))
    # the same scores stored in another order: their averages differ in the last bit, which is no change
    noise_a, _ = run_experiment("pylane_noise", [0.1, 0.2, 0.3], "EXT-pylane-noise")
    noise_b, _ = run_experiment("pylane_noise", [0.1, 0.2, 0.3], "EXT-pylane-noise", order=[2, 1, 0])
    noisy = call("GET", "/v1/runs/%s/compare-with/%s" % (noise_b, noise_a))["metrics"][0]
    check(noisy["difference"] == 0 and noisy["same_count"] == 3, "a float-noise difference between two runs is 0, not -5.55e-17")
    check(call("GET", "//v1/runs/" + noise_a)["evaluation"]["run_id"] == noise_a, "a path starting with // is a path")
    extra = call("POST", "/v1/runs", {"name": "pylane_to_delete"})
    check(call("DELETE", "/v1/runs/" + extra["run_id"])["deleted"] is True, "DELETE /v1/runs/{id}")


def events():
    session_id = start_session("python-events")
    created = call("POST", "/events", {"event": {"project": "ignored", "source": "python-lane", "event_name": "lookup", "event_type": "tool",
                                                 "session_id": session_id, "config": {}, "inputs": {"q": 1}, "duration": 0}}, key=INGESTION_KEY)
    check(created["success"] is True, "POST /events (create_event)")
    bare = call("POST", "/v1/events", {"event_type": "tool", "inputs": {}, "session_id": session_id, "event_name": "v1"}, key=INGESTION_KEY)
    call("PUT", "/v1/events/" + bare["event_id"], {"metadata": {"k": 1}, "outputs": {"r": 2}}, key=INGESTION_KEY)
    check(call("GET", "/v1/events/" + bare["event_id"])["event"]["outputs"] == {"r": 2}, "PUT /v1/events/{id}, read back")
    batch = call("POST", "/events/batch", {"events": [{"event_type": "chain", "inputs": {}, "event_name": "b1"}],
                                           "is_single_session": True, "session_properties": {"session_name": "py-batch"}}, key=INGESTION_KEY)
    check(batch["session_id"] and len(batch["event_ids"]) == 1, "POST /events/batch with one new session")
    call("POST", "/v1/events/batch", {"events": [{"event_type": "tool", "inputs": {}, "session_id": session_id}]}, key=INGESTION_KEY)
    model = call("POST", "/events/model", {"model_event": {
        "project": "ignored", "event_name": "completion", "session_id": session_id, "model": "gpt-4o-mini", "provider": "openai",
        "config": {"model": "gpt-4o-mini", "provider": "openai"}, "messages": [{"role": "user", "content": "hi"}],
        "response": {"content": "yo"}, "duration": 842.0, "metrics": {"prompt_tokens": 1000, "completion_tokens": 500}}}, key=INGESTION_KEY)
    stored = call("GET", "/v1/events/" + model["event_id"])["event"]
    check(stored["inputs"]["duration"] == 842.0, "/events/model keeps duration in inputs.duration, where HoneyHive remaps it")
    check(stored["metadata"].get("cost_basis") == "priced" and stored["metadata"]["cost"] > 0, "tokens under metrics are priced, as under metadata")
    call("POST", "/events/model/batch", {"model_events": [{"model": "gpt-4o-mini", "event_name": "m2", "session_id": session_id}]}, key=INGESTION_KEY)
    exported = call("POST", "/v1/events/export", {"filters": [{"field": "session_id", "operator": "is", "value": session_id, "type": "string"}], "limit": 100, "page": 1})
    check(exported["totalEvents"] == exported["count"] >= 6, "POST /v1/events/export answers totalEvents and count")
    found = call("POST", "/v1/events/search", {"filters": [{"field": "event_name", "operator": "is", "value": "lookup", "type": "string"}], "limit": 10})
    check(any(e["event_name"] == "lookup" for e in found["events"]), "POST /v1/events/search")
    v1 = call("POST", "/v1/sessions", {"session_name": "v1-session", "source": "python-lane"}, key=INGESTION_KEY)
    call("POST", "/v1/sessions/%s/events/batch" % v1["session_id"], {"events": [{"event_type": "tool", "inputs": {}}]}, key=INGESTION_KEY)
    traces = call("POST", "/session/%s/traces" % v1["session_id"], {"logs": [{"event_type": "tool", "event_name": "from-logs", "inputs": {}}]}, key=INGESTION_KEY)
    check(traces == {"success": True}, "POST /session/{id}/traces (logs) adds the events to the session")
    check(call("GET", "/v1/sessions/" + v1["session_id"])["num_events"] == 2, "the session holds both batches")
    return session_id


def cross_session_tree():
    """A distributed trace: service B's own session holds spans whose parent span is service A's."""
    caller, callee = start_session("storefront"), start_session("inventory")
    trace_id, caller_span, top = hex_id(32), hex_id(16), hex_id(16)
    export_spans([otlp_span(trace_id, caller_span, None, "reserve-stock", session_attrs(caller, "chain"))])
    export_spans([
        otlp_span(trace_id, top, caller_span, "reserve", session_attrs(callee, "chain")),
        otlp_span(trace_id, hex_id(16), top, "lookup", session_attrs(callee, "tool")),
        otlp_span(trace_id, hex_id(16), caller_span, "audit", session_attrs(callee, "tool")),
    ])
    tree = call("GET", "/v1/sessions/" + callee)
    names = sorted(c["event_name"] for c in tree["children"])
    check(tree["num_events"] == 3 and names == ["audit", "reserve"], "the session's tree holds every event, the called-in ones under it")
    check(all(c.get("called_from", {}).get("session_id") == caller for c in tree["children"]), "each called-in event names where it was called from")
    check([c["event_name"] for c in next(c for c in tree["children"] if c["event_name"] == "reserve")["children"]] == ["lookup"], "with its own children")


def datasets(event_session):
    created = call("POST", "/v1/datasets", {"name": "pylane-ds", "description": "python lane"})
    dataset_id = created["result"]["insertedId"]
    check(call("GET", "/v1/datasets", query={"dataset_id": dataset_id})["datasets"][0]["name"] == "pylane-ds", "GET /v1/datasets?dataset_id=")
    check(len(call("GET", "/v1/datasets", query={"name": "pylane-ds"})["datasets"]) == 1, "GET /v1/datasets?name=")
    call("PUT", "/v1/datasets", {"dataset_id": dataset_id, "description": "legacy update"})
    call("PUT", "/v1/datasets/" + dataset_id, {"description": "v1 update"})
    added = call("POST", "/v1/datasets/%s/datapoints" % dataset_id, {"data": [{"q": "a", "gt": "A"}, {"q": "b", "gt": "B"}],
                                                                      "mapping": {"inputs": ["q"], "ground_truth": ["gt"], "history": []}})
    ids = added["datapoint_ids"]
    listed = call("GET", "/v1/datapoints", query={"datapoint_ids": ids})
    check(sorted(d["id"] for d in listed["datapoints"]) == sorted(ids), "GET /v1/datapoints?datapoint_ids[]=")
    one = call("GET", "/v1/datapoints/" + ids[0])
    check(isinstance(one["datapoint"], list) and one["datapoint"][0]["inputs"] == {"q": "a"}, "GET /v1/datapoints/{id} answers an array of one")
    call("PUT", "/v1/datapoints/" + ids[0], {"metadata": {"checked": True}})
    single = call("POST", "/v1/datapoints", {"inputs": {"q": "c"}, "ground_truth": {"gt": "C"}, "linked_datasets": [dataset_id]})
    from_events = call("POST", "/v1/datapoints/batch", {"events": [event_session], "mapping": {"inputs": ["inputs"], "ground_truth": [], "history": []}, "dataset_id": dataset_id})
    check(from_events is not None, "POST /v1/datapoints/batch from stored events")
    call("DELETE", "/v1/datasets/%s/datapoints/%s" % (dataset_id, ids[0]))
    call("DELETE", "/v1/datasets/%s/%s" % (dataset_id, ids[1]))
    call("DELETE", "/v1/datapoints/" + single["result"]["insertedIds"][0])
    call("DELETE", "/v1/datasets/" + dataset_id)
    legacy = call("POST", "/v1/datasets", {"name": "pylane-ds-legacy"})["result"]["insertedId"]
    call("DELETE", "/v1/datasets", query={"dataset_id": legacy})
    check(call("GET", "/v1/datasets", query={"dataset_id": legacy})["datasets"] == [], "DELETE /v1/datasets?dataset_id= (legacy)")


def metrics():
    # the Python SDK's own integration test shape: a PYTHON metric, stored (not enabled: nothing would run it here)
    created = call("POST", "/v1/metrics", {"name": "pylane_len", "type": "PYTHON", "criteria": "def evaluate(generation, metadata):\n    return len(generation)",
                                           "description": "length", "return_type": "float", "scale": 100})
    metric_id = created["metric_id"]
    check(call("GET", "/v1/metrics", query={"id": metric_id})["metrics"][0]["name"] == "pylane_len", "GET /v1/metrics?id=")
    call("PUT", "/v1/metrics/" + metric_id, {"description": "v1 update"})
    call("PUT", "/v1/metrics", {"id": metric_id, "description": "legacy update"})
    refused = call("POST", "/v1/metrics", {"name": "judge", "type": "LLM", "criteria": "Is it polite?", "model_provider": "openai",
                                           "model_name": "gpt-4o-mini", "enabled_in_prod": True}, expect=501)
    check("runs no server-side metric" in refused["error"], "an enabled server-side metric is refused with 501 and a message, never a silent 200")
    run = {"metric": {"name": "judge", "type": "LLM", "criteria": "Is it polite?"}, "event": {"event_type": "model", "outputs": {"content": "hi"}}}
    call("POST", "/v1/metrics/run", run, expect=501)
    call("POST", "/v1/metrics/run_metric", run, expect=501)
    emit({"ok": "running a metric answers 501 saying the dev server executes none"})
    content = {"name": "pylane_len", "type": "PYTHON", "criteria": "def evaluate(g, m):\n    return 1"}
    version = call("POST", "/v1/metrics/%s/versions" % metric_id, {"message": "first", "content": content})["data"]
    check(len(version["full_sha"]) == 40 and version["deployed"] is False, "POST /v1/metrics/{id}/versions (a draft)")
    deployed = call("POST", "/v1/metrics/%s/versions/%s/deploy" % (metric_id, version["name"]))["data"]
    check(deployed["deployed"] is True, "POST /v1/metrics/{id}/versions/{name}/deploy")
    check([v["message"] for v in call("GET", "/v1/metrics/%s/versions" % metric_id)["data"]] == ["first"], "GET /v1/metrics/{id}/versions")
    other = call("POST", "/v1/metrics", {"name": "pylane_tmp", "type": "HUMAN", "criteria": "rate"})["metric_id"]
    call("DELETE", "/v1/metrics", query={"metric_id": other})
    call("DELETE", "/v1/metrics/" + metric_id)
    check(call("GET", "/v1/metrics")["metrics"] == [], "both deletes")


def charts():
    chart = {"name": "latency", "metric": "duration", "func": "p95", "bucketing": "hour", "dateRange": {"relative": "7d"}}
    created = call("POST", "/v1/charts", chart)["data"]
    check(created["bucketing"] == "hour" and created["is_active"] is True, "POST /v1/charts")
    check(len(call("GET", "/v1/charts")["data"]) == 1, "GET /v1/charts")
    check(call("GET", "/v1/charts/" + created["id"])["data"]["name"] == "latency", "GET /v1/charts/{id}")
    call("PUT", "/v1/charts/" + created["id"], {"name": "latency p95"})
    check(call("DELETE", "/v1/charts/" + created["id"])["success"] is True, "DELETE /v1/charts/{id}")
    project_id = call("GET", "/v1/projects")[0]["id"]
    scoped = "/v1/projects/%s/charts" % project_id
    made = call("POST", scoped, {"name": "cost", "metric": "cost"}, key=DATA_PLANE_KEY)["data"]
    check(call("GET", scoped, key=DATA_PLANE_KEY)["data"][0]["id"] == made["id"], "GET /v1/projects/{id}/charts with the data plane key")
    call("GET", scoped + "/" + made["id"], key=DATA_PLANE_KEY)
    call("PUT", scoped + "/" + made["id"], {"bucketing": "day"}, key=DATA_PLANE_KEY)
    call("GET", scoped, key=PROJECT_KEY, expect=403)
    call("GET", "/v1/charts", key=DATA_PLANE_KEY, expect=403)
    emit({"ok": "project-scoped routes take the data plane key only, and it reaches nothing else"})
    call("DELETE", scoped + "/" + made["id"], key=DATA_PLANE_KEY)


def queues(event_session):
    created = call("POST", "/v1/queues", {"name": "review", "event_ids": [event_session]}, expect=201)
    queue_id = created["queue"]["id"]
    emit({"ok": "POST /v1/queues answers 201, as Python expects (no retry, no duplicate)"})
    check(len(call("GET", "/v1/queues", query={"enabled": True})["queues"]) == 1, "GET /v1/queues?enabled=true")
    call("GET", "/v1/queues/" + queue_id)
    call("PUT", "/v1/queues/" + queue_id, {"id": queue_id, "description": "updated"})
    call("DELETE", "/v1/queues/" + queue_id)


def configurations():
    created = call("POST", "/v1/configurations", {"name": "pylane-prompt", "provider": "openai",
                                                  "parameters": {"call_type": "chat", "model": "gpt-4o-mini"}, "env": ["dev"]})
    config_id = created["insertedId"]
    listed = call("GET", "/v1/configurations", query={"name": "pylane-prompt"})
    check([c["id"] for c in listed["configurations"]] == [config_id], "GET /v1/configurations?name=")
    call("PUT", "/v1/configurations/" + config_id, {"name": "pylane-prompt", "env": ["dev", "prod"]})
    check(call("DELETE", "/v1/configurations/" + config_id)["deletedCount"] == 1, "DELETE /v1/configurations/{id}")


def run_step(step, *args):
    """Runs one step; in report mode an answer the step cannot use ends that step only."""
    try:
        return step(*args)
    except CheckFailed:
        raise
    except Exception as error:  # noqa: BLE001 - report mode only: a broken answer ends its step
        if not REPORT:
            raise
        emit({"step_error": "%s: %r" % (step.__name__, error)})
        return None


def main():
    try:
        for step in (tracing_with_two_keys, experiments, cross_session_tree, metrics, charts, configurations):
            run_step(step)
        session = run_step(events) or str(uuid.uuid4())
        run_step(datasets, session)
        run_step(queues, session)
    except CheckFailed as failed:
        emit({"failed": str(failed)})
        return 1
    emit({"done": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
