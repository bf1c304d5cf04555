import { ConfigReader } from '@backstage/config';
import { TerraformStack } from 'cdktf';
import { InfraService } from './InfraService';
import { planEnvironment } from './synth/synthesizeEnvironment';
import {
  fullWorkload,
  ownership,
  testEnvironment,
  testInfraConfig,
} from './testUtils';

const infra = InfraService.fromConfig(
  new ConfigReader({ pave: { infra: testInfraConfig } }),
);
const body = {
  workload: fullWorkload,
  ownership,
  environments: ['dev', 'prod', 'preview-pr-3'],
};

describe('InfraService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('plans without synthesizing Terraform', () => {
    const synth = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    const plans = infra.plan(body);
    expect(synth).not.toHaveBeenCalled();
    expect(plans.map(p => [p.environment, p.environmentType])).toEqual([
      ['dev', 'dev'],
      ['prod', 'prod'],
      ['preview-pr-3', 'preview'],
    ]);
    expect(plans[1].resources.map(r => r.address)).toContain(
      'aws_db_instance.db',
    );
  });

  it('plans exactly what it synthesizes', () => {
    const synth = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    const synthesized = infra.synthesize(body);
    expect(synth).toHaveBeenCalledTimes(3);
    expect(synthesized.map(s => s.plan)).toEqual(infra.plan(body));
    expect(Object.keys(synthesized[1].files)).toEqual([
      'infra/prod/cdk.tf.json',
      'infra/prod/manifests.yaml',
    ]);
    const terraform = JSON.parse(
      synthesized[1].files['infra/prod/cdk.tf.json'],
    );
    // Every planned record is a resource of the synthesized configuration.
    for (const record of synthesized[1].plan.resources) {
      const [type, name] = record.address.split('.');
      expect(terraform.resource[type]).toHaveProperty(name);
    }
  });

  it('refuses an unknown environment before planning anything', () => {
    const synth = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    expect(() =>
      infra.plan({ ...body, environments: ['dev', 'moon'] }),
    ).toThrow(
      'environments.1: unknown environment "moon"; configured: dev, prod or preview-<id>',
    );
    expect(synth).not.toHaveBeenCalled();
  });

  it('plans without stack capture, and leaves it as it was, also when rendering fails', () => {
    const capture = Error.captureStackTrace;
    infra.plan(body);
    expect(Error.captureStackTrace).toBe(capture);
    const broken = {
      ...testEnvironment('aws', 'dev'),
      target: { cloud: 'moon' } as any,
    };
    expect(() =>
      planEnvironment({
        workload: fullWorkload,
        environment: broken,
        ownership,
      }),
    ).toThrow(TypeError);
    expect(Error.captureStackTrace).toBe(capture);
    // Errors keep their own stacks.
    expect(new Error('x').stack).toContain('InfraService.test');
  });

  it('names the configured environments', () => {
    expect(infra.environmentNames()).toEqual(['dev', 'prod']);
  });
});
