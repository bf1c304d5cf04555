import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { BudgetAnnotationProcessor } from './BudgetAnnotationProcessor';

const location = { type: 'url', target: 'https://git.pave.localhost/org.yaml' };

async function process(kind: string, annotations: Record<string, string>) {
  const emitted: CatalogProcessorResult[] = [];
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'payments', annotations },
    spec: {},
  };
  const result = await new BudgetAnnotationProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  expect(result).toBe(entity);
  return emitted;
}

describe('BudgetAnnotationProcessor', () => {
  it('accepts budgets in dollars and cents, in total and per environment type', async () => {
    expect(
      await process('Group', {
        'pave.dev/monthly-budget-usd': '12000',
        'pave.dev/monthly-budget-usd.prod': '950.50',
        'pave.dev/preview-budget-usd': '300',
        'pave.dev/cost-center': 'CC-2100',
      }),
    ).toEqual([]);
  });

  it.each([
    ['-5', 'pave.dev/monthly-budget-usd', /"-5" is not a budget/],
    ['ten', 'pave.dev/monthly-budget-usd', /"ten" is not a budget/],
    ['1e6', 'pave.dev/monthly-budget-usd.prod', /"1e6" is not a budget/],
    ['12.345', 'pave.dev/monthly-budget-usd', /at most two decimals/],
    ['-1', 'pave.dev/preview-budget-usd', /"-1" is not a budget/],
    [
      '100',
      'pave.dev/monthly-budget-usd.qa',
      /"qa" is not an environment type/,
    ],
  ])(
    'reports %s on %s as an error on the Group',
    async (value, key, message) => {
      const [emitted] = await process('Group', { [key]: value });
      expect(emitted).toMatchObject({ type: 'error', location });
      expect((emitted as { error: Error }).error.name).toBe('InputError');
      expect((emitted as { error: Error }).error.message).toMatch(message);
      expect((emitted as { error: Error }).error.message).toContain(key);
    },
  );

  it('leaves other kinds alone', async () => {
    expect(
      await process('Component', { 'pave.dev/monthly-budget-usd': '-5' }),
    ).toEqual([]);
  });
});
