import { Entity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { InfraService } from '@pave/plugin-infra-node';
import {
  createCostEstimateAction,
  createInfraSynthAction,
  createPolicyCheckAction,
} from '@pave/plugin-scaffolder-backend-module-pave';
import { TerraformStack } from 'cdktf';
import {
  startPolicyAndCost,
  testInfraService,
} from './__testUtils__/pluginBackends';

/*
 * A golden template's task plans its workload once: the policy gate plans
 * (without synthesizing), pave:infra:synth synthesizes once per
 * environment and checks it renders what was judged, and
 * pave:cost:estimate prices those plans. The policy and cost plugins run in
 * this process, so every synthesis anywhere is counted.
 */

const refunds: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'refunds', namespace: 'default' },
  spec: { type: 'service', owner: 'payments' },
};

const wizard = {
  name: 'refunds',
  owner: 'group:default/payments',
  system: 'payments-platform',
  dataClassification: 'internal',
  resources: [
    { name: 'db', type: 'postgres', size: 'small' },
    { name: 'jobs', type: 'queue', size: 'small' },
  ],
  environments: ['dev', 'prod'],
};

/** The values a step output, by name. */
function outputs(ctx: { output: unknown }): Record<string, any> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

describe('a golden template task', () => {
  let backends: Awaited<ReturnType<typeof startPolicyAndCost>>;
  let infra: InfraService;
  beforeAll(async () => {
    backends = await startPolicyAndCost();
    infra = testInfraService();
  });
  afterEach(() => jest.restoreAllMocks());

  /** Runs the steps as node-http-service's template wires them. */
  async function runTask() {
    const policy = createMockActionContext({
      input: { ...wizard, template: 'service-with-database' },
    });
    await createPolicyCheckAction({ policy: backends.policy }).handler(policy);
    const judged = outputs(policy);

    const synth = createMockActionContext({
      input: {
        ...wizard,
        costCenter: judged.costCenter,
        judgedPlans: judged.plans,
      },
    });
    await createInfraSynthAction({ infra }).handler(synth);
    const synthesized = outputs(synth);
    // pave:publish and pave:catalog:register: the service now exists.
    backends.register(refunds);

    const cost = createMockActionContext({
      input: {
        entityRef: 'component:default/refunds',
        plans: synthesized.plans,
      },
    });
    await createCostEstimateAction({
      cost: backends.cost,
      auth: backends.auth,
    }).handler(cost);
    return { judged, synthesized, priced: outputs(cost) };
  }

  it('synthesizes Terraform once per environment, and plans no more than the gate and the synthesis', async () => {
    const syntheses = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    const plans = jest.spyOn(InfraService.prototype, 'planRequest');
    const { judged, synthesized, priced } = await runTask();

    expect(syntheses).toHaveBeenCalledTimes(wizard.environments.length);
    // One plan: the policy gate's. Cost priced the synthesized plans.
    expect(plans).toHaveBeenCalledTimes(1);
    expect(synthesized.files).toEqual(
      expect.arrayContaining([
        'infra/dev/cdk.tf.json',
        'infra/prod/cdk.tf.json',
      ]),
    );
    // What was written is what was judged, and what was priced.
    expect(synthesized.plans).toEqual(judged.plans);
    expect(priced.monthlyUsd).toBeGreaterThan(0);
  });

  it('refuses to write infrastructure the policy check did not judge', async () => {
    const policy = createMockActionContext({
      input: { ...wizard, name: 'returns', template: 'service-with-database' },
    });
    await createPolicyCheckAction({ policy: backends.policy }).handler(policy);
    const judged = outputs(policy);
    // A template that passes the synthesis a bigger database than it judged.
    const synth = createMockActionContext({
      input: {
        ...wizard,
        name: 'returns',
        resources: [
          { name: 'db', type: 'postgres', size: 'large' },
          { name: 'jobs', type: 'queue', size: 'small' },
        ],
        costCenter: judged.costCenter,
        judgedPlans: judged.plans,
      },
    });
    await expect(
      createInfraSynthAction({ infra }).handler(synth),
    ).rejects.toThrow(
      /judgedPlans: the infrastructure to write is not what the policy check judged \((dev|prod)\/aws_db_instance\.db: \w+ was judged as .+, is rendered as .+\)/,
    );
    expect(synth.output).not.toHaveBeenCalled();
  });
});
