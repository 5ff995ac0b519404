/** Help text of `honeyhive eval`. */

/** `honeyhive eval --help`. */
export const EVAL_HELP = `Usage: honeyhive eval <files or globs...> [options]

Runs evaluation files and reports their results. An evaluation file either calls evaluate()
(awaited or not) or \`export default\`s evaluate() options (or an array of them).
TypeScript files (.ts/.mts/.cts) run with Node's built-in type stripping where the running Node
has it (by default from 22.18 and 23.6; from 22.6 with NODE_OPTIONS=--experimental-strip-types),
otherwise through tsx (npm install --save-dev tsx).
A directory argument means every *.eval.{ts,mts,cts,js,mjs,cjs} file inside it. Globs support **,
*, ?, [...], nested {a,{b,c}} and \\ escapes; quote them so the shell does not expand them.

Options:
  --json <file>             Write a JSON report (experiments, per-datapoint results, aggregates,
                            thresholds, failures: execution failures and failed datapoints); "-"
                            writes it to standard output (the summary then goes to standard error)
  --junit <file>            Write a JUnit XML report (one test case per datapoint, named by its
                            first input value, with the datapoint id as attribute; one per
                            threshold). "-": stdout
  --markdown <file>         Write a short Markdown summary for a pull request (verdict, metrics
                            with deltas against --compare, worst regressions with links); also
                            appended to $GITHUB_STEP_SUMMARY when that is set (GitHub Actions).
                            "-": stdout
  --fail-under <m=value>    Exit 1 unless metric m's average is at least value in every
                            experiment that has m, over every datapoint: one without a value (its
                            function or evaluator failed) fails it (repeatable; booleans count as
                            1/0; m is the metric name, e.g. exact_match; a metric no experiment
                            records exits 2 naming the closest). With --shard: per shard
  --max-failures <N>        Allow up to N datapoint runs per experiment (each trial is one) that
                            fail their verdict, error, time out or are not run (default 0: any
                            such run exits 1)
  --min-pass-rate <r>       Allow failing datapoint runs while at least r of each experiment's
                            runs pass (0.95 or 95%); with --max-failures both must hold
  --compare <runId>         Compare each uploaded run with this earlier run (must exist, else
                            exit 2): per metric, in its direction, the datapoints improved and
                            degraded and a paired test (improved / degraded / no detectable
                            change, p corrected across metrics); cost and latency the same way
  --fail-on-regression <m>  With --compare: exit 1 only when metric m degraded significantly
                            (repeatable or comma-separated; pass_rate is the datapoints' verdict,
                            cost_usd and latency_ms the usage; "any": the verdict or any metric),
                            not when datapoints fail; a metric no comparison has exits 2
  --concurrency <N>         Datapoints in flight per experiment (overrides maxConcurrency)
  --max-cost-usd <usd>      Cost budget of each experiment: once its model calls (the app's and
                            the LLM judges') cost this much, it is cancelled and the datapoints not
                            started are reported as not run (exit 2). Calls are priced by the cost
                            they report, else by @honeyhive/dev-server's prices when installed
  --shard <i/n>             Run only shard i of n of every dataset (1-based, e.g. 2/3); shards
                            given the same --run-id write into one run, completed when the last
                            shard finishes (until then a finished shard reports status "running")
  --run-id <key>            Key of the runs (e.g. the CI build number): each experiment's run id
                            is derived from it and the experiment name, so every shard finds the
                            same run
  --watch                   Rerun when the files or anything they import change; compare with
                            the previous run
  --dataset-version <v>     Pin every experiment's dataset to a content version (dsv-…) or a lock
                            file from "honeyhive datasets pull --lock": an experiment whose dataset
                            drifted fails before it runs, saying what was added, changed, removed
  --allow-dataset-drift     Run on a drifted dataset anyway (with a warning)
  --resume                  Resumable runs (needs --run-id): run again with the same key, and each
                            run skips the datapoints already done and runs the others
  --prompt <name@env>       Run every experiment with this prompt (fetched once; @env defaults to
                            prod): its calls are linked to it and the run records it
  --offline                 Run locally on purpose: nothing is uploaded, even with HH_API_KEY set
                            (without it, results that could not be stored exit 2)
  -h, --help                Show this help

Environment:
  HH_API_KEY, HH_API_URL    Where runs are uploaded. Without either, experiments run locally
                            only; with either set, a run that could not be stored exits 2.
  CI                        Plain progress lines instead of a live progress bar.
  NO_COLOR, FORCE_COLOR     Turn colour off / on (default: on when standard output is a terminal).

Exit codes (the same through npx):
  0    every datapoint passed (or stayed within --max-failures / --min-pass-rate), every
       threshold was met, and the results were stored (or nothing was configured, or --offline)
  1    a datapoint failed its verdict, errored or timed out, or a --fail-under threshold was
       missed; with --fail-on-regression: a watched metric degraded significantly, or a
       threshold was missed
  2    a file or an experiment failed to execute (load error, invalid options, all datapoints
       failed, a run cancelled through its signal so that datapoints were not run), results
       were not stored although HH_API_KEY is set (see --offline), the
       --compare run does not exist, a --fail-under metric is recorded by no experiment, or the
       command line was invalid
  130  cancelled with Ctrl-C (SIGINT); 143: cancelled with SIGTERM. Finished datapoints are
       kept and reported, those not started are "not run"; a second signal quits at once
  The command ends with its code once the run is reported, even when an eval file left handles
  open (a server, a pool): 1 s after the summary, with one line saying so.

Examples:
  npx honeyhive eval "evals/**/*.eval.ts" --json out.json --fail-under exact_match=0.9
  npx honeyhive eval evals --shard 2/3 --run-id "$GITHUB_RUN_ID" --markdown summary.md
  npx honeyhive eval evals --compare "$BASE_RUN_ID" --fail-on-regression any --markdown summary.md`;

/** Printed when no API key is set. */
/**
 * Said instead of {@link NO_KEY_NOTICE} when `HH_API_KEY` is present but empty: what a CI job gets for a secret it
 * may not read (pull requests from forks), where the local server's advice would be noise.
 */
export const EMPTY_KEY_NOTICE = "honeyhive eval: HH_API_KEY is set but empty (a CI secret this job cannot read, such as on a pull request from a fork?), so experiments run locally and nothing is uploaded.";

export const NO_KEY_NOTICE = `honeyhive eval: HH_API_KEY is not set, so experiments run locally and nothing is uploaded.
To keep and compare runs without a HoneyHive account, start the local server in another terminal:
  npx honeyhive serve
and run the evaluations against it (use the port it prints; 4318 by default):
  HH_API_URL=http://127.0.0.1:4318 HH_API_KEY=local npx honeyhive eval <files>
`;
