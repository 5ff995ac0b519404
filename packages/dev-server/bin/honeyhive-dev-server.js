#!/usr/bin/env node
// The `honeyhive-dev-server` command. A committed file (not the build output itself), so npm links the command in a
// workspace before the first build has written dist/.
import "../dist/bin.js";
