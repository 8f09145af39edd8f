import type { BundleSection } from './bundles';
import type { Pricing } from './capacity';
import type { ColdResult } from './cold';
import type { BenchOptions } from './options';
import type { ScaleSection } from './scale';
import type { ThroughputOutput } from './throughput-worker';
import type { LifecycleCapacity, WarmResult } from './warm';

/** What `npm run bench` writes to bench-results/<timestamp>.json. */
export interface BenchResult {
  readonly schema: 'jilin-bench/1';
  readonly label?: string;
  readonly command: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly options: BenchOptions;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGb: number;
    /** The Node.js that measured (`process.version`). */
    readonly node: string;
    /** The Lambda runtime the stacks deploy (e.g. `nodejs24.x`); absent in older results. */
    readonly lambdaRuntime?: string;
    readonly platform: string;
  };
  readonly git?: { readonly commit: string; readonly dirty: boolean };
  readonly bundle?: Omit<BundleSection, 'bundles'> & {
    readonly bundles: readonly Omit<BundleSection['bundles'][number], 'dir' | 'spec'>[];
  };
  readonly cold?: readonly Omit<ColdResult, 'samples'>[] & readonly Partial<ColdResult>[];
  readonly warm?: readonly WarmResult[];
  readonly capacity?: {
    readonly source: string;
    readonly lifecycles: readonly LifecycleCapacity[];
    readonly pricing: Pricing;
    readonly monthly: readonly {
      readonly service: string;
      readonly cases: number;
      readonly rru: number;
      readonly wru: number;
      readonly requestCost: number;
      readonly storageGb: number;
      readonly storageCostPerMonth: number;
    }[];
  };
  readonly scale?: ScaleSection;
  readonly throughput?: ThroughputOutput;
}
