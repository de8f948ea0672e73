/** Measures the wall time of each named step of a run. */
export class StepTimer {
  readonly seconds: Record<string, number> = {};

  async time<T>(step: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      const elapsed = (performance.now() - start) / 1000;
      this.seconds[step] = Math.round(elapsed * 100) / 100;
    }
  }
}
