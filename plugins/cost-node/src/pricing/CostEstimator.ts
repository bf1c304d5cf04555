import { EnvironmentPlan, PlanRecord } from '@pave/plugin-infra-common';
import {
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
      byService: toUsd(byService),
      lineItems: lineItems.map(({ asOf: _asOf, ...item }) => item),
      unpriced,
    };
    return { estimate, lineItems, byService: estimate.byService };
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
      asOf: entry.asOf,
    };
  }
}
