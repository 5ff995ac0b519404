function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throws for NaN and ±Infinity (JSON has no such numbers; `JSON.stringify` would write them as `null`). */
export function assertJsonNumber(value: unknown): void {
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError(`${value} is not a JSON value`);
}

/**
 * JSON with the keys of plain objects sorted, so equal values give equal text whatever their key order (used to
 * compare values and to key recorded requests). `undefined` for values JSON cannot hold (cycles, BigInt), and with
 * `finiteOnly` also for values holding NaN or ±Infinity (which `JSON.stringify` would write as `null`).
 */
export function stableJson(value: unknown, indent?: number, finiteOnly = false): string | undefined {
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (finiteOnly) assertJsonNumber(v);
      if (!isPlainObject(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) sorted[key] = v[key];
      return sorted;
    }, indent);
  } catch {
    return undefined;
  }
}
