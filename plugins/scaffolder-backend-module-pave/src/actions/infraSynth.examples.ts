import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Executable documentation: infraSynth.examples.test.ts runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      'Render a service with a PostgreSQL database and a queue for dev and prod',
    example: yaml.stringify({
      steps: [
        {
          id: 'infra',
          action: 'pave:infra:synth',
          name: 'Render infrastructure',
          input: {
            workload: {
              apiVersion: 'score.dev/v1b1',
              metadata: { name: 'refunds' },
              containers: {
                main: { image: 'registry.example.com/refunds:0.1.0' },
              },
              resources: {
                db: {
                  type: 'postgres',
                  class: 'medium',
                  params: { storageGb: 50 },
                },
                jobs: { type: 'queue', params: { fifo: true } },
              },
            },
            owner: 'group:default/payments',
            costCenter: 'CC-2100',
            environments: ['dev', 'prod'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a cache and a bucket for a short-lived preview environment',
    example: yaml.stringify({
      steps: [
        {
          id: 'infra',
          action: 'pave:infra:synth',
          name: 'Render preview infrastructure',
          input: {
            workload: {
              apiVersion: 'score.dev/v1b1',
              metadata: { name: 'kyc-docs' },
              containers: {
                main: { image: 'registry.example.com/kyc-docs:1.2.0' },
              },
              resources: {
                cache: { type: 'redis' },
                uploads: { type: 's3', params: { expireAfterDays: 30 } },
              },
            },
            owner: 'group:default/onboarding',
            costCenter: 'CC-2300',
            system: 'customer-onboarding',
            environments: ['preview-pr-17'],
          },
        },
      ],
    }),
  },
];
