import { EXIT } from './exitCodes';
import { componentRef, groupRef, templateRef } from './refs';

describe('groupRef', () => {
  it('completes a short owner to a group ref', () => {
    expect(groupRef('payments')).toBe('group:default/payments');
    expect(groupRef('ops/payments')).toBe('group:ops/payments');
    expect(groupRef('group:default/payments')).toBe('group:default/payments');
  });
});

describe('componentRef and templateRef', () => {
  it('complete a name and refuse what is no ref, as bad usage', () => {
    expect(componentRef('orders')).toBe('component:default/orders');
    expect(templateRef('node-worker')).toBe('template:default/node-worker');
    expect(() => componentRef('orders/')).toThrow(
      expect.objectContaining({ exitCode: EXIT.usage }),
    );
  });
});
