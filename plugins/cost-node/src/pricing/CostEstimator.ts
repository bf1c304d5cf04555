import {
  ENVIRONMENT_POLICIES,
  EnvironmentPlan,
  PlanRecord,
  cpuCores,
  memoryGiB,
} from '@pave/plugin-infra-common';
import {
  ComputeEntry,
  CostEstimate,
  CostLineItem,
  EnvironmentCostEstimate,
  HOURS_PER_MONTH,
  PricedEntry,
  UnpricedItem,
} from '@pave/plugin-cost-common';
import { PricingCatalog } from './PricingCatalog';

/** Options for {@link CostEstimator}. */
export interface CostEstimatorOptions {
  catalog: PricingCatalog;
}

/** Dollars to whole cents, so totals add up exactly as shown. */
function cents(usd: number): number {
  return Math.round(usd * 100);
}

function addTo(totals: Map<string, number>, key: string, centsValue: number) {
  totals.set(key, (totals.get(key) ?? 0) + centsValue);
}

function toUsd(totals: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key, value / 100]),
  );
}

/** A record the catalog cannot price, and why. */
function unpricedItem(record: PlanRecord, reason: string): UnpricedItem {
  return {
    address: record.address,
    workloadResource: record.workloadResource,
    role: record.role,
    terraformType: record.terraformType,
    ...(record.sku ? { sku: record.sku } : {}),
    status: 'unpriced',
    reason,
  };
}

/** The provenance a line item carries: its vendor ids and, if unchecked, why. */
function provenance(entry: PricedEntry | ComputeEntry) {
  return {
    vendorSkus: entry.vendorSkus,
    ...(entry.unverified ? { unverified: entry.unverified } : {}),
  };
}

/** Rounds a quantity of units for display (`0.25 × 2 × 730` = 365). */
function units(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Prices normalized infra plans with the pricing catalog: one line item per
 * bill component of each record, a month of list prices, before anything is
 * created. A record the catalog cannot price is listed as unpriced with the
 * reason, never counted as zero, and its totals say they are incomplete.
 */
export class CostEstimator {
  private readonly catalog: PricingCatalog;

  constructor(options: CostEstimatorOptions) {
    this.catalog = options.catalog;
  }

  /** The estimate for one or more environments' plans. */
  estimate(plans: EnvironmentPlan[]): CostEstimate {
    const overall = new Map<string, number>();
    const dates = new Set<string>();
    const environments = plans.map(plan => {
      const result = this.estimateEnvironment(plan);
      for (const [service, usd] of Object.entries(result.byService)) {
        addTo(overall, service, cents(usd));
      }
      for (const item of result.lineItems) {
        if (item.asOf) dates.add(item.asOf);
      }
      return result.estimate;
    });
    const total = environments.reduce((sum, e) => sum + cents(e.monthlyUsd), 0);
    return {
      currency: 'USD',
      environments,
      monthlyUsd: total / 100,
      byService: toUsd(overall),
      complete: environments.every(e => e.complete),
      includesUnverifiedPrices: environments.some(
        e => e.includesUnverifiedPrices,
      ),
      pricingAsOf: [...dates].sort()[0] ?? this.catalog.asOf,
      hoursPerMonth: HOURS_PER_MONTH,
    };
  }

  private estimateEnvironment(plan: EnvironmentPlan) {
    const lineItems: Array<CostLineItem & { asOf?: string }> = [];
    const unpriced: UnpricedItem[] = [];
    for (const record of plan.resources) {
      const price = this.catalog.price(record);
      if (price.status === 'unpriced') {
        unpriced.push(unpricedItem(record, price.reason));
      } else if (price.status === 'free') {
        lineItems.push({
          ...this.identity(record),
          service: price.entry.service,
          component: 'free',
          priceId: price.entry.id,
          quantity: 0,
          unit: 'none',
          unitUsd: 0,
          monthlyUsd: 0,
          freeReason: price.entry.free.reason,
        });
      } else {
        const items = price.entries.map(entry => this.lineItem(record, entry));
        const broken = items.find(i => typeof i === 'string');
        if (typeof broken === 'string') {
          unpriced.push(unpricedItem(record, broken));
        } else {
          lineItems.push(...(items as Array<CostLineItem & { asOf: string }>));
        }
      }
    }
    const compute = this.computeItems(plan);
    lineItems.push(...compute.lineItems);
    unpriced.push(...compute.unpriced);
    const byService = new Map<string, number>();
    let total = 0;
    for (const item of lineItems) {
      addTo(byService, item.service, cents(item.monthlyUsd));
      total += cents(item.monthlyUsd);
    }
    const estimate: EnvironmentCostEstimate = {
      environment: plan.environment,
      environmentType: plan.environmentType,
      cloud: plan.cloud,
      region: plan.region,
      monthlyUsd: total / 100,
      complete: unpriced.length === 0,
      includesUnverifiedPrices: lineItems.some(i => i.unverified),
      byService: toUsd(byService),
      lineItems: lineItems.map(({ asOf: _asOf, ...item }) => item),
      unpriced,
    };
    return { estimate, lineItems, byService: estimate.byService };
  }

  /**
   * The service's own containers: what each requests (its limits where it
   * states no request, as Kubernetes does) × the environment type's
   * replicas × 730 hours, at the region's vCPU-hour and GiB-hour.
   */
  private computeItems(plan: EnvironmentPlan) {
    const lineItems: Array<CostLineItem & { asOf: string }> = [];
    const unpriced: UnpricedItem[] = [];
    const containers = plan.compute?.containers ?? [];
    if (containers.length === 0) {
      return { lineItems, unpriced };
    }
    const price = this.catalog.computePrice(plan.cloud, plan.region);
    const replicas = ENVIRONMENT_POLICIES[plan.environmentType].replicas;
    for (const container of containers) {
      const address = `containers.${container.name}`;
      const identity = {
        address,
        workloadResource: address,
        role: 'container',
      };
      const stated = {
        cpu: container.requests.cpu ?? container.limits.cpu,
        memory: container.requests.memory ?? container.limits.memory,
      };
      const missing = (['cpu', 'memory'] as const).filter(k => !stated[k]);
      if (price.status === 'unpriced' || missing.length > 0) {
        unpriced.push({
          ...identity,
          terraformType: 'kubernetes_deployment',
          status: 'unpriced',
          reason:
            price.status === 'unpriced'
              ? price.reason
              : `Container ${
                  container.name
                } states no resources.requests.${missing.join(
                  ' or ',
                )} in the Score file; state what it needs to price it`,
        });
        continue;
      }
      const parts = [
        {
          entry: price.vcpu,
          amount: cpuCores(stated.cpu!),
          what: `${stated.cpu} vCPU`,
        },
        {
          entry: price.memory,
          amount: memoryGiB(stated.memory!),
          what: `${stated.memory} memory`,
        },
      ];
      for (const { entry, amount, what } of parts) {
        const quantity = units(amount * replicas * HOURS_PER_MONTH);
        lineItems.push({
          ...identity,
          service: entry.service,
          component: entry.compute,
          priceId: entry.id,
          quantity,
          unit: entry.unit,
          unitUsd: entry.usd,
          monthlyUsd: cents(quantity * entry.usd) / 100,
          note: [
            `${what} × ${replicas} replica${
              replicas > 1 ? 's' : ''
            } × ${HOURS_PER_MONTH} h`,
            ...(entry.note ? [entry.note] : []),
          ].join('. '),
          ...provenance(entry),
          asOf: entry.asOf,
        });
      }
    }
    return { lineItems, unpriced };
  }

  private identity(record: PlanRecord) {
    return {
      address: record.address,
      workloadResource: record.workloadResource,
      role: record.role,
      ...(record.sku ? { sku: record.sku } : {}),
    };
  }

  /** One component of one record, or why its quantity is unknown. */
  private lineItem(
    record: PlanRecord,
    entry: PricedEntry,
  ): (CostLineItem & { asOf: string }) | string {
    let quantity: number;
    const notes: string[] = entry.note ? [entry.note] : [];
    if (entry.quantity === 'hours') {
      quantity = HOURS_PER_MONTH;
    } else if (entry.quantity === 'storageGb') {
      if (record.storageGb === undefined) {
        return `${entry.id} prices provisioned storage, but the plan record states no storageGb`;
      }
      quantity = record.storageGb;
    } else {
      quantity = entry.usage!.quantity;
    }
    // The engine runs a billed standby for these records (see the catalog).
    if (
      entry.highAvailability === 'standby-doubles' &&
      record.highAvailability
    ) {
      quantity *= 2;
      notes.unshift('×2: high availability runs a standby');
    }
    return {
      ...this.identity(record),
      service: entry.service,
      component: entry.component,
      priceId: entry.id,
      quantity,
      unit: entry.unit,
      unitUsd: entry.usd,
      monthlyUsd: cents(quantity * entry.usd) / 100,
      ...(entry.usage ? { usageAssumption: entry.usage.assumption } : {}),
      ...(notes.length ? { note: notes.join('. ') } : {}),
      ...provenance(entry),
      asOf: entry.asOf,
    };
  }
}
