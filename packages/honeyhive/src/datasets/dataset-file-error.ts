import { EvaluationConfigError } from "../config/evaluation-config-error";

/** Thrown by `loadDataset` (and evaluate() given a dataset file) for a file that cannot be used; names the file and line. */
export class DatasetFileError extends EvaluationConfigError {
  /** The file as given. */
  readonly file: string;
  /** 1-based line of the problem (1 for problems with the whole file). */
  readonly line: number;

  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = "DatasetFileError";
    this.file = file;
    this.line = line;
  }
}
