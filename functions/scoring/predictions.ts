/** Per-customer predictions over the model's horizon, as arrays of length N. */
export interface Predictions {
  pAlive: Float32Array;
  expectedValue: Float32Array;
  valueP10: Float32Array;
  valueP50: Float32Array;
  valueP90: Float32Array;
  expectedOrders: Float32Array;
  /** [N, C] next-category probabilities, or null without categories. */
  categoryProbs: Float32Array | null;
}

/** ONNX output name of each prediction field. */
export const OUTPUT_NAMES = {
  pAlive: "p_alive",
  expectedValue: "expected_value",
  valueP10: "value_p10",
  valueP50: "value_p50",
  valueP90: "value_p90",
  expectedOrders: "expected_orders",
} as const;
