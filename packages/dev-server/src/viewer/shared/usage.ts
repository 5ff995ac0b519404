/** The viewer's view of usage: the one definition lives in `domain/call-usage.ts` (also used by the session API). */
export { callTotals, callTotalsBySide, eventUsage, isEvaluationWork, sumUsage, type CallUsageEvent, type CostBasis, type Usage, type UsageBySide, type UsageSource } from "../../domain/call-usage";
