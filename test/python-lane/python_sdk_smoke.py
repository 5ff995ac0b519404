"""The real HoneyHive Python SDK against the dev server, where it is importable: a tracer, a traced function, a flush.

Prints {"session_id": ...} for the test to read the session back. Keys and URL from HH_API_KEY, HH_INGESTION_API_KEY
and HH_API_URL (an SDK before 1.6 keeps the unknown ingestion_api_key argument and sends with api_key)."""

import json
import os

from honeyhive import HoneyHiveTracer, trace

tracer = HoneyHiveTracer.init(
    api_key=os.environ["HH_API_KEY"],
    ingestion_api_key=os.environ["HH_INGESTION_API_KEY"],
    server_url=os.environ["HH_API_URL"],
    session_name="python-sdk-smoke",
    source="python-lane",
)


@trace(tracer=tracer, event_type="tool", event_name="lookup")
def lookup(question):
    return question.upper()


lookup("a")
tracer.force_flush()
print(json.dumps({"session_id": tracer.session_id}))
