import { testEnvironmentPlan } from '@pave/plugin-infra-node/testUtils';
import { planDifference } from './planDifference';

const dev = testEnvironmentPlan('aws', 'dev');
const prod = testEnvironmentPlan('aws', 'prod');
/** As a plan comes back from a step output: JSON, keys in another order. */
const roundTrip = (value: unknown) =>
  JSON.parse(
    JSON.stringify(value, (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).reverse())
        : v,
    ),
  );

describe('planDifference', () => {
  it('finds none between a plan and itself after a trip through JSON', () => {
    const judged = roundTrip([dev, prod]);
    const rendered = [
      dev,
      { ...prod, resources: [...prod.resources].reverse() },
    ];
    expect(planDifference(judged, rendered)).toBeUndefined();
  });

  it('names other environments', () => {
    expect(planDifference([dev, prod], [dev])).toBe(
      'environments dev, prod were judged, dev are rendered',
    );
  });

  it('names the record and the fact that changed', () => {
    const [first, ...rest] = prod.resources;
    const bigger = { ...first, sku: 'db.r7g.16xlarge' };
    expect(
      planDifference([prod], [{ ...prod, resources: [bigger, ...rest] }]),
    ).toBe(
      `prod/${first.address}: sku was judged as ${JSON.stringify(
        first.sku,
      )}, is rendered as "db.r7g.16xlarge"`,
    );
  });

  it('names a record rendered without being judged, and one judged but missing', () => {
    const [first, ...rest] = prod.resources;
    expect(planDifference([{ ...prod, resources: rest }], [prod])).toBe(
      `prod/${first.address} is rendered but was not judged`,
    );
    expect(planDifference([prod], [{ ...prod, resources: rest }])).toBe(
      `prod/${first.address} was judged but is not rendered`,
    );
  });
});
