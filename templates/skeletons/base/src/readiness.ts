import type { DependencyStatus } from './dependencies';

/** Where the process is in its life; only `ready` takes traffic. */
export type Phase = 'starting' | 'ready' | 'draining';

/** The body of `GET /readyz`. */
export interface ReadinessReport {
  ready: boolean;
  phase: Phase;
  dependencies: DependencyStatus[];
}

/** Asks one dependency whether it can be used right now. */
export type DependencyCheck = () => Promise<DependencyStatus>;

/**
 * Readiness: false while starting, true once serving and every dependency
 * answers, false again for good once draining begins. Liveness is separate and
 * never looks at dependencies, so an outage does not restart every pod.
 */
export class Readiness {
  #phase: Phase = 'starting';
  readonly #checks: readonly DependencyCheck[];

  constructor(checks: readonly DependencyCheck[] = []) {
    this.#checks = checks;
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Serving; has no effect once draining. */
  markReady(): void {
    if (this.#phase === 'starting') this.#phase = 'ready';
  }

  /** Shutting down: /readyz fails from now on, so nothing new is routed here. */
  markDraining(): void {
    this.#phase = 'draining';
  }

  /** Dependencies are only asked while ready; otherwise the answer is no anyway. */
  async check(): Promise<ReadinessReport> {
    const phase = this.#phase;
    if (phase !== 'ready') return { ready: false, phase, dependencies: [] };
    const dependencies = await Promise.all(this.#checks.map(check => check()));
    return { ready: dependencies.every(d => d.ok), phase, dependencies };
  }
}
