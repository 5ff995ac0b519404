/** The dataset of the resume tests: `size` datapoints `{ n }` whose ground truth is `{ double: 2n }`. */
export function resumeDataset(size: number): { inputs: { n: number }; ground_truth: { double: number } }[] {
  return Array.from({ length: size }, (_, n) => ({ inputs: { n }, ground_truth: { double: n * 2 } }));
}
