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
            dataClassification: 'confidential',
            environments: ['dev', 'prod'],
          },
        },
      ],
    }),
  },
  {
    description:
      "Check what the Create wizard collected: a resource list, the system as an entity ref, and the owning team's cost centre taken from the catalog",
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'pave:policy:check',
          name: 'Check policies',
          input: {
            name: 'kyc-web',
            template: 'template:default/stateless-service',
            resources: [{ name: 'sessions', type: 'redis', size: 'small' }],
            owner: 'group:default/onboarding',
            system: 'system:default/customer-onboarding',
            dataClassification: 'internal',
            environments: ['dev'],
          },
        },
      ],
    }),
  },
];
