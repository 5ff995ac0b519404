// The work every evaluate() benchmark runs (bench/evaluate.bench.mjs, the A/B gate's evaluate child, the in-run line
// of bench/floors.mjs), so their figures measure the same thing: `n` datapoints, a task that waits `taskMs` and
// returns a number, and two evaluators (a synchronous boolean, `exact`, and an asynchronous score with an
// explanation, `magnitude`; their names are the metric names).
export function evaluateWorkload({ n, taskMs }) {
  const dataset = Array.from({ length: n }, (_, i) => ({ inputs: { i, question: `question ${i}` }, ground_truth: { answer: i * 2 } }));
  const task = async (inputs) => {
    await new Promise((r) => setTimeout(r, taskMs));
    return inputs.i * 2;
  };
  function exact(outputs, _inputs, gt) { return outputs === gt.answer; }
  async function magnitude(outputs) { return { score: outputs / (2 * n), explanation: "relative size" }; }
  return { dataset, task, exact, magnitude };
}
