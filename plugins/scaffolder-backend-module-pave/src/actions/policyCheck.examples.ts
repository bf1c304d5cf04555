import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Executable documentation: policyCheck.examples.test.ts runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      'Check a service with a PostgreSQL database and a queue against the policies for dev and prod, before rendering it',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'pave:policy:check',
          name: 'Check policies',
          input: {
            name: 'refunds',
            template: 'service-with-database',
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
            system: 'payments-platform',
            environments: ['dev', 'prod'],
          },
        },
      ],
    }),
  },
  {
    description: 'Check a stateless service for dev only',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'pave:policy:check',
          name: 'Check policies',
          input: {
            name: 'kyc-web',
            template: 'stateless-service',
            workload: {
              apiVersion: 'score.dev/v1b1',
              metadata: { name: 'kyc-web' },
              containers: {
                main: { image: 'registry.example.com/kyc-web:1.2.0' },
              },
            },
            owner: 'group:default/onboarding',
            costCenter: 'CC-2300',
            system: 'customer-onboarding',
            environments: ['dev'],
          },
        },
      ],
    }),
  },
];
