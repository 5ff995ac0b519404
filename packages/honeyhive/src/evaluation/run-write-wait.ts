/**
 * How long a created run's writes wait through a backend outage (decision record 0095). A session start or update,
 * span batch or REST call that meets the run's open circuit breaker (or is stopped by it) waits for a probe to close it
 * and is then sent, instead of being lost: until {@link RUN_WRITE_WAIT_MS} after the call was made, so that a
 * datapoint's session start and then its update both fit in the 30 s its closing waits for the update
 * (`run-datapoint.ts`; an update still waiting then would be aborted at its tracer's shutdown). Probes go about 2 and
 * 6 s after the breaker opens, so a restart of up to about 5 s loses nothing. Once the last datapoint is done, the run
 * waits at most a twentieth of the time its datapoints took ({@link END_OF_RUN_WAIT_SHARE}): a backend that hangs or
 * dies and does not come back still costs the run at most 1.2× its time (issue 24; finding a hang already costs up to
 * one request timeout, about another tenth of a measured run). Nor does a datapoint wait for one: when the run's
 * closing window is full, the writes waiting then give up. What gives up is counted lost.
 */
export const RUN_WRITE_WAIT_MS = 10_000;
