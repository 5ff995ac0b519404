/** Setup diagnosis: `diagnose()` and its result types (also behind `honeyhive doctor`). */
export { diagnose, type DiagnoseOptions } from "./diagnose";
export type { Diagnosis, DiagnosisCheck, DiagnosisCheckId, DiagnosisStatus } from "./diagnosis";
